package radicchio.bindings;

import com.dylibso.chicory.runtime.Memory;
import java.util.Arrays;
import java.util.List;
import radicchio.bindings.abi.WireFormatException;
import radicchio.bindings.abi.WireReader;

/**
 * The host half of one isolate: its {@link HostServices} and the reply of the host call in flight
 * (the guest's {@code call} import computes a reply and reports its length; {@code take} then
 * copies it into a buffer the guest allocated for exactly that length).
 */
final class IsolateHost {
    /** A host request larger than this is refused without being read. */
    static final int MAX_REQUEST_BYTES = 64 << 20;

    private final HostServices services;
    private byte[] pendingReply;

    IsolateHost(HostServices services) {
        this.services = services;
    }

    HostServices services() {
        return services;
    }

    /** The {@code call} import: returns the reply's length, or -1 when the request cannot be read. */
    int hostCall(Memory memory, long ptr, long len) {
        pendingReply = null;
        if ((len & 0xFFFFFFFFL) > MAX_REQUEST_BYTES || !GuestPointers.inBounds(memory, ptr, len)) {
            return -1;
        }
        byte[] request = memory.readBytes((int) ptr, (int) len);
        Object reply;
        try {
            Object value = WireReader.decode(request, MAX_REQUEST_BYTES);
            reply = Arrays.asList(Boolean.TRUE, services.call(value)); // the reply may be null (JS null)
        } catch (WireFormatException e) {
            reply = List.of(Boolean.FALSE, WireCodec.error("TypeError", "malformed host request: " + e.getMessage()));
        } catch (JsException e) {
            reply = List.of(Boolean.FALSE, e.value());
        } catch (GuestException e) {
            throw e; // a limit or trap inside a nested call ends this isolate's call too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = List.of(Boolean.FALSE, WireCodec.error("Error", "host call interrupted"));
        } catch (Exception e) {
            reply = List.of(Boolean.FALSE, WireCodec.error(errorName(e), String.valueOf(e.getMessage())));
        }
        pendingReply = WireCodec.encode(reply);
        return pendingReply.length;
    }

    private static String errorName(Exception e) {
        if (e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException) {
            return "TypeError";
        }
        return "Error";
    }

    /** The {@code take} import: copies the pending reply if the guest asks for exactly its length. */
    int takeReply(Memory memory, long ptr, long len) {
        byte[] reply = pendingReply;
        pendingReply = null;
        if (reply == null || (len & 0xFFFFFFFFL) != reply.length || !GuestPointers.inBounds(memory, ptr, len)) {
            return -1;
        }
        memory.write((int) ptr, reply);
        return reply.length;
    }
}
