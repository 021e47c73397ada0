package dev.river.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnx.proto.OnnxMl;

/** Builds tiny ONNX models with known outputs (ONNX protobuf classes from tribuo-util-onnx). */
final class TinyOnnxModels {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private TinyOnnxModels() {
    }

    /**
     * A YOLO-shaped detector: input {@code images} [1,3,size,size], output {@code output0} = the given
     * constant [1, rows.length, rows[0].length] (rows: cx, cy, w, h, class scores...), optional
     * {@code names} metadata.
     */
    static Path constantDetector(Path file, int size, float[][] rows, String names) throws IOException {
        int r = rows.length;
        int n = rows[0].length;
        OnnxMl.TensorProto.Builder constant = OnnxMl.TensorProto.newBuilder().setName("detections")
                .setDataType(FLOAT).addDims(1).addDims(r).addDims(n);
        for (float[] row : rows) {
            for (float v : row) {
                constant.addFloatData(v);
            }
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("tiny-yolo")
                .addInput(tensor("images", 1, 3, size, size))
                .addOutput(tensor("output0", 1, r, n))
                .addInitializer(constant)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("out")
                        .addInput("detections").addOutput("output0"))
                .build();
        OnnxMl.ModelProto.Builder model = model(graph);
        if (names != null) {
            model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("names").setValue(names));
        }
        Files.write(file, model.build().toByteArray());
        return file;
    }

    /**
     * An echo model: input {@code images} [1,3,size,size]; outputs {@code pixels} = the input and
     * {@code answer} = the constant [2] {4, 2}.
     */
    static Path echo(Path file, int size) throws IOException {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("echo")
                .addInput(tensor("images", 1, 3, size, size))
                .addOutput(tensor("pixels", 1, 3, size, size))
                .addOutput(tensor("answer", 2))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("answer_value").setDataType(FLOAT)
                        .addDims(2).addFloatData(4f).addFloatData(2f))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("echo")
                        .addInput("images").addOutput("pixels"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("answer")
                        .addInput("answer_value").addOutput("answer"))
                .build();
        Files.write(file, model(graph).build().toByteArray());
        return file;
    }

    private static OnnxMl.ModelProto.Builder model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("river-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph);
    }

    private static OnnxMl.ValueInfoProto tensor(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(FLOAT).setShape(shape)))
                .build();
    }
}
