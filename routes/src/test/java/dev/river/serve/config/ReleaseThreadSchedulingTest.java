package dev.river.serve.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.river.main.LoopbackPorts;
import dev.river.serve.config.ServiceLaunch.Service;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * river-serve where real-time scheduling is not permitted (a container without CAP_SYS_NICE): it says so in one
 * warning naming the fix and serves anyway. Runs the real service under {@code setpriv} with CAP_SYS_NICE dropped
 * from every capability set, which only root can do.
 */
class ReleaseThreadSchedulingTest {

    @Test
    void withoutCapSysNiceRiverServeWarnsOnceAndStillStarts() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        List<String> dropSysNice = List.of("/usr/bin/setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--");
        try (ServiceLaunch serve = ServiceLaunch.startUnder(dropSysNice, Service.SERVE, Map.of(),
                "--river.serve.http-port=" + LoopbackPorts.freeTcpPort(),
                "--river.serve.management-port=" + LoopbackPorts.freeTcpPort(),
                "--river.serve.webrtc.port=" + InvalidConfigurationTest.freeUdpPort(),
                "--river.serve.rtp.port=" + InvalidConfigurationTest.freeUdpPort(),
                "--river.serve.proxy=tcp://127.0.0.1:" + LoopbackPorts.freeTcpPort())) {
            assertTrue(serve.awaitStdout("SCHED_FIFO not permitted (grant CAP_SYS_NICE"),
                    "one warning naming the fix; stdout: " + serve.stdout() + " stderr: " + serve.stderr());
            assertTrue(serve.awaitStdout(") started in"), "started; stdout: " + serve.stdout());
            assertTrue(serve.isAlive());
            String out = serve.stdout();
            assertFalse(out.indexOf("not permitted") != out.lastIndexOf("not permitted"), "warned once: " + out);
        }
    }

    private static boolean isRoot() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }
}
