package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsError;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireReader;
import radicchio.bindings.abi.WireWriter;
import radicchio.bindings.memory.GuestMemory;

/** The host side of the {@code call}/{@code take} imports against hostile pointers and messages. */
class IsolateHostTest {
    private final GuestMemory memory = GuestMemory.blank(new MemoryLimits(2, 2));

    private static final HostServices ECHO = new HostServices() {
        @Override
        public Object call(Object request) {
            return ((JsObject) request).get("payload");
        }
    };

    @Test
    void aWellFormedRequestGetsItsReplyThroughTake() {
        IsolateHost host = new IsolateHost(ECHO);
        byte[] request = WireWriter.encode(JsObject.of("op", "echo", "payload", "héllo"));
        memory.write(1000, request);
        int len = host.hostCall(memory, 1000, request.length);
        assertTrue(len > 0);
        assertEquals(len, host.takeReply(memory, 5000, len));
        JsArray reply = (JsArray) WireReader.decode(memory.readBytes(5000, len));
        assertEquals(List.of(Boolean.TRUE, "héllo"), reply.elements());
    }

    @Test
    void aServiceMayAnswerNull() {
        IsolateHost host = new IsolateHost(ECHO);
        byte[] request = WireWriter.encode(JsObject.of("op", "echo", "payload", null));
        memory.write(1000, request);
        int len = host.hostCall(memory, 1000, request.length);
        assertEquals(len, host.takeReply(memory, 5000, len));
        JsArray reply = (JsArray) WireReader.decode(memory.readBytes(5000, len));
        assertEquals(java.util.Arrays.asList(Boolean.TRUE, null), reply.elements());
    }

    @Test
    void badPointersAndLengthsAreRefusedWithoutThrowing() {
        IsolateHost host = new IsolateHost(ECHO);
        assertEquals(-1, host.hostCall(memory, 2 * 65536 - 4, 8), "past the end");
        assertEquals(-1, host.hostCall(memory, 0xFFFFFFF0L, 32), "wrapping pointer");
        assertEquals(-1, host.hostCall(memory, 0, 0xFFFFFFFFL), "huge length");
        assertEquals(-1, host.takeReply(memory, 0, 4), "nothing pending");
        byte[] request = WireWriter.encode(JsObject.of("op", "echo", "payload", 1));
        memory.write(0, request);
        int len = host.hostCall(memory, 0, request.length);
        assertEquals(-1, host.takeReply(memory, 0, len + 1), "wrong length");
        assertEquals(-1, host.takeReply(memory, 0, len), "a refused take drops the reply");
    }

    @Test
    void malformedRequestsGetAnErrorReplyAndServicesErrorsAreCarried() {
        IsolateHost host = new IsolateHost(new HostServices() {
            @Override
            public Object call(Object request) {
                throw new IllegalArgumentException("no such op");
            }
        });
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            memory.write(0, garbage);
            int len = host.hostCall(memory, 0, garbage.length);
            assertTrue(len > 0);
            assertEquals(len, host.takeReply(memory, 4096, len));
            JsArray reply = (JsArray) WireReader.decode(memory.readBytes(4096, len));
            assertEquals(Boolean.FALSE, reply.get(0));
            assertTrue(reply.get(1) instanceof JsError);
        }
    }

    @Test
    void guestOutputThatIsNotAValidMessageIsAnAbiError() {
        assertThrows(AbiException.class, () -> WireCodec.decode(new byte[] {0x07, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}));
    }
}
