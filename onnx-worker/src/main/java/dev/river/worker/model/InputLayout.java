package dev.river.worker.model;

/** Memory layout of an image input tensor. */
public enum InputLayout {
    /** [1, H, W, 3] (TensorFlow, BlazeFace). */
    NHWC,
    /** [1, 3, H, W] (PyTorch, Ultralytics YOLO). */
    NCHW
}
