package dev.river.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingRuleTest {

    @Test
    void aPortIsAWholeNumberFromOneTo65535() {
        SettingRule port = SettingRule.port();
        assertNull(port.problem("8080"));
        assertNull(port.problem(" 1 "));
        assertEquals("expected a port number from 1 to 65535", port.problem("0"));
        assertEquals("expected a port number from 1 to 65535", port.problem("65536"));
        assertEquals("expected a port number from 1 to 65535", port.problem("http"));
        assertEquals("expected a port number from 1 to 65535", port.problem(""));
    }

    @Test
    void theMessageNamesThePropertyTheValueAndWhatIsExpected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SettingRule.positive().check("river.serve.delay-ms", "0"));
        assertEquals("invalid setting river.serve.delay-ms='0': expected a whole number from 1 to 2147483647",
                e.getMessage());
        assertEquals("river.serve.delay-ms", e.getProperty());
        assertEquals("0", e.getValue());
    }

    @Test
    void secretsAreNotRepeatedAndValuesStayOnOneLine() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SettingRule.oneOf("a").check("river.serve.auth.token", "hunter2"));
        assertTrue(e.getMessage().startsWith("invalid setting river.serve.auth.token='***'"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> SettingRule.port().check("p", "1\n2"));
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void zeromqAddressesAreTcpHostPortOrIpc() {
        SettingRule connect = SettingRule.zeromqConnect();
        assertNull(connect.problem("tcp://127.0.0.1:5555"));
        assertNull(connect.problem("tcp://broker.example:5555"));
        assertNull(connect.problem("ipc:///run/river/proxy"));
        assertTrue(connect.problem("127.0.0.1:5555").startsWith("expected a ZeroMQ address"));
        assertTrue(connect.problem("tcp://127.0.0.1").startsWith("expected a ZeroMQ address"));
        assertTrue(connect.problem("tcp://127.0.0.1:*").startsWith("expected a ZeroMQ address"));
        assertEquals("port must be from 1 to 65535", connect.problem("tcp://127.0.0.1:70000"));
        SettingRule bind = SettingRule.zeromqBind();
        assertNull(bind.problem("tcp://*:5555"));
        assertNull(bind.problem("tcp://127.0.0.1:*"));
        assertTrue(bind.problem("udp://127.0.0.1:5555").startsWith("expected a ZeroMQ bind address"));
    }

    @Test
    void numbersEnumsAndBooleans() {
        assertNull(SettingRule.number(0, 1).problem("0.25"));
        assertEquals("expected a number from 0 to 1", SettingRule.number(0, 1).problem("1.5"));
        assertEquals("expected a number from 0 to 1", SettingRule.number(0, 1).problem("half"));
        assertNull(SettingRule.oneOf("blazeface", "yolo", "raw").problem("YOLO"));
        assertEquals("expected one of blazeface, yolo, raw", SettingRule.oneOf("blazeface", "yolo", "raw").problem("ssd"));
        assertNull(SettingRule.bool().problem("false"));
        assertEquals("expected true or false", SettingRule.bool().problem("yes"));
        assertEquals("expected a whole number of at least 0", SettingRule.nonNegative().problem("-1"));
        assertNull(SettingRule.hostPort().problem("127.0.0.1:5006"));
        assertEquals("expected host:port such as 127.0.0.1:5006", SettingRule.hostPort().problem("127.0.0.1"));
    }

    @Test
    void aFileMustExist(@TempDir Path dir) throws IOException {
        Path model = Files.writeString(dir.resolve("m.onnx"), "x");
        assertNull(SettingRule.existingFile().problem(model.toString()));
        assertEquals("no such file: " + dir.resolve("missing.onnx"),
                SettingRule.existingFile().problem(dir.resolve("missing.onnx").toString()));
        assertEquals("not a readable file: " + dir, SettingRule.existingFile().problem(dir.toString()));
        assertNull(SettingRule.existingFile().orEmpty().problem(""));
    }

    @Test
    void aKeyWithoutADeclaredRuleKeepsTheShapeOfItsDefault() {
        assertEquals("a port number from 0 to 65535", SettingRule.inferredFrom("river.x.management-port", "9090").expected());
        assertEquals("a whole number of at least 0", SettingRule.inferredFrom("river.x.queue-size", "10").expected());
        assertEquals("true or false", SettingRule.inferredFrom("river.x.enabled", "true").expected());
        assertEquals("a number of at least 0", SettingRule.inferredFrom("river.x.ratio", "0.3").expected());
        assertTrue(SettingRule.inferredFrom("river.x.broker", "tcp://127.0.0.1:5556").expected().startsWith("a ZeroMQ"));
        assertEquals("host:port such as 127.0.0.1:5006", SettingRule.inferredFrom("river.x.egress", "127.0.0.1:5006").expected());
        assertEquals("any text", SettingRule.inferredFrom("river.x.token", "").expected());
        assertEquals("any text", SettingRule.inferredFrom("camel.server.port", "{{river.x.port}}").expected());
    }
}
