package dev.river.worker.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.river.worker.model.Letterbox;

/**
 * No decoding: returns every output tensor as {@code "outputs":{"name":{"shape":[..],"data":[..]}}}, data
 * flattened in row-major order. Numeric tensors only; other values are written as ONNX Runtime's Java value.
 */
public final class RawDecoder implements ModelDecoder {

    @Override
    public String id() {
        return "raw";
    }

    @Override
    public DecodedOutput decode(OrtSession.Result outputs, Letterbox letterbox) throws OrtException {
        Map<String, Object[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : outputs) {
            OnnxValue v = e.getValue();
            if (v instanceof OnnxTensor t) {
                Object data = switch (t.getInfo().type) {
                    case FLOAT -> t.getFloatBuffer();
                    case DOUBLE -> t.getDoubleBuffer();
                    case INT64 -> t.getLongBuffer();
                    case INT32 -> t.getIntBuffer();
                    case INT8, UINT8, BOOL -> t.getByteBuffer();
                    default -> t.getValue();
                };
                tensors.put(e.getKey(), new Object[] {t.getInfo().getShape(), data});
            } else {
                tensors.put(e.getKey(), new Object[] {new long[0], v.getValue()});
            }
        }
        return new RawOutputs(tensors);
    }

    /** The copied output tensors, written as JSON. */
    public record RawOutputs(Map<String, Object[]> tensors) implements DecodedOutput {

        @Override
        public void writeFields(JsonGenerator json) throws IOException {
            json.writeObjectFieldStart("outputs");
            for (Map.Entry<String, Object[]> e : tensors.entrySet()) {
                json.writeObjectFieldStart(e.getKey());
                long[] shape = (long[]) e.getValue()[0];
                json.writeArrayFieldStart("shape");
                for (long d : shape) {
                    json.writeNumber(d);
                }
                json.writeEndArray();
                json.writeFieldName("data");
                writeData(json, e.getValue()[1]);
                json.writeEndObject();
            }
            json.writeEndObject();
        }

        private static void writeData(JsonGenerator json, Object data) throws IOException {
            if (data instanceof FloatBuffer b) {
                json.writeStartArray();
                for (int i = 0; i < b.limit(); i++) {
                    json.writeNumber(b.get(i));
                }
                json.writeEndArray();
            } else if (data instanceof DoubleBuffer b) {
                json.writeStartArray();
                for (int i = 0; i < b.limit(); i++) {
                    json.writeNumber(b.get(i));
                }
                json.writeEndArray();
            } else if (data instanceof LongBuffer b) {
                json.writeStartArray();
                for (int i = 0; i < b.limit(); i++) {
                    json.writeNumber(b.get(i));
                }
                json.writeEndArray();
            } else if (data instanceof IntBuffer b) {
                json.writeStartArray();
                for (int i = 0; i < b.limit(); i++) {
                    json.writeNumber(b.get(i));
                }
                json.writeEndArray();
            } else if (data instanceof ByteBuffer b) {
                json.writeStartArray();
                for (int i = 0; i < b.limit(); i++) {
                    json.writeNumber(b.get(i) & 0xff);
                }
                json.writeEndArray();
            } else {
                json.writeObject(data);
            }
        }
    }
}
