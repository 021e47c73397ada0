package dev.river.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.river.worker.model.EmbeddedModels;
import dev.river.worker.model.ExecutionProvider;
import dev.river.worker.model.OnnxModel;
import dev.river.worker.model.Slot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * river.worker.execution-provider: cpu by default; cuda needs the onnxruntime_gpu build (-Pgpu), and on the CPU
 * build (this one) the worker refuses to start with one line naming the setting.
 */
class ExecutionProviderTest {

    @Test
    void cpuIsTheDefault() {
        WorkerSettings s = WorkerSettings.from(k -> null);
        assertEquals(ExecutionProvider.CPU, s.executionProvider());
        assertEquals(0, s.cudaDevice());
    }

    @Test
    void anUnknownProviderIsRefusedByName() {
        WorkerConfigException e = assertThrows(WorkerConfigException.class,
                () -> WorkerSettings.from(Map.of(WorkerSettings.EXECUTION_PROVIDER, "tpu")::get));
        assertEquals(WorkerSettings.EXECUTION_PROVIDER, e.getProperty());
        assertTrue(e.getMessage().contains("expected cpu or cuda"), e.getMessage());
    }

    @Test
    void theCpuBuildHasNoCudaProvider() {
        assumeFalse(ExecutionProvider.CUDA.isAvailable(), "built with -Pgpu");
        WorkerConfigException e = assertThrows(WorkerConfigException.class,
                () -> WorkerSettings.from(Map.of(WorkerSettings.EXECUTION_PROVIDER, "cuda")::get));
        assertEquals(WorkerSettings.EXECUTION_PROVIDER, e.getProperty());
    }

    @Test
    void choosingCudaOnTheCpuBuildStopsTheWorkerWithOneClearLine() throws IOException, InterruptedException {
        assumeFalse(ExecutionProvider.CUDA.isAvailable(), "built with -Pgpu");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName(), "--river.worker.execution-provider=cuda",
                "--river.worker.management-enabled=false").redirectErrorStream(false).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the worker exits");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, p.exitValue(), "exit status for invalid configuration\nstderr:\n" + err + "\nstdout:\n" + out);
        assertEquals(1, lines.size(), "one line:\n" + err);
        assertTrue(lines.get(0).contains("river.worker.execution-provider"), lines.get(0));
        assertTrue(lines.get(0).contains("-Pgpu"), lines.get(0));
        assertFalse(err.contains("\tat "), "no stack trace");
    }

    /** Runs only on the gpu build (-Pgpu) on a machine with CUDA: the embedded model on the GPU. */
    @Test
    void theGpuBuildRunsTheModelOnCuda() throws OrtException {
        assumeTrue(ExecutionProvider.CUDA.isAvailable(), "the CPU onnxruntime jar has no CUDA provider");
        try (OnnxModel model = OnnxModel.load(OrtEnvironment.getEnvironment(), "blazeface",
                EmbeddedModels.FRONT_128.uri(), 0, 1, 1, ExecutionProvider.CUDA, 0)) {
            Slot slot = model.acquire();
            try (OrtSession.Result result = model.run(slot)) {
                assertTrue(result.size() > 0, "outputs from the CUDA session");
            } finally {
                model.release(slot);
            }
        }
    }
}
