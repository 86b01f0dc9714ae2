package radicchio.bindings.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CowMemoryTest {
    private static final int PAGE = MemoryImage.PAGE_SIZE;
    private static final int CHUNK = MemoryImage.CHUNK_SIZE;

    private static CowMemory memory(int pages, int max) {
        return new CowMemory(MemoryImage.zeros(pages), new MemoryLimits(pages, max));
    }

    @Test
    void writesAreInvisibleToTheImageAndToSiblingMemories() {
        CowMemory first = memory(2, 4);
        first.writeI32(100, 0x01020304);
        MemoryImage image = first.snapshot();
        CowMemory a = new CowMemory(image, new MemoryLimits(2, 4));
        CowMemory b = new CowMemory(image, new MemoryLimits(2, 4));
        a.writeI32(100, 42);
        assertEquals(42, a.readInt(100));
        assertEquals(0x01020304, b.readInt(100));
        assertEquals(0x01020304, first.readInt(100));
        assertEquals(CHUNK, a.ownedBytes(), "one write copies one chunk, not a whole page");
        assertEquals(0, b.ownedBytes());
    }

    @Test
    void chunksWrittenBackToTheirImageContentAreSharedAgain() {
        CowMemory first = memory(1, 2);
        first.writeI32(8, 7);
        MemoryImage image = first.snapshot();
        CowMemory m = new CowMemory(image, new MemoryLimits(1, 2));
        m.writeI32(8, 8); // changed, then restored: a reference count going up and down
        m.writeI32(8, 7);
        m.writeI32(CHUNK + 8, 5); // changed for good
        assertEquals(1, m.grow(1));
        m.writeI32(PAGE + 8, 9); // grown and restored to zero
        m.writeI32(PAGE + 8, 0);
        m.writeI32(PAGE + CHUNK, 3); // grown and written
        assertEquals(4 * CHUNK, m.ownedBytes());

        assertEquals(2 * CHUNK, m.releaseUnchangedChunks());
        assertEquals(2 * CHUNK, m.ownedBytes());
        assertEquals(7, m.readInt(8));
        assertEquals(5, m.readInt(CHUNK + 8));
        assertEquals(0, m.readInt(PAGE + 8));
        assertEquals(3, m.readInt(PAGE + CHUNK));
        m.writeI32(8, 1); // a released chunk is copied again on its next write, never written in place
        assertEquals(7, new CowMemory(image, new MemoryLimits(1, 2)).readInt(8));
        assertEquals(1, m.readInt(8));
    }

    @Test
    void accessesStraddlingTwoChunksAreLittleEndianAndCopyBoth() {
        CowMemory first = memory(1, 1);
        first.writeLong(CHUNK - 4, 0x0102030405060708L);
        MemoryImage image = first.snapshot();
        CowMemory m = new CowMemory(image, new MemoryLimits(1, 1));
        assertEquals(0x0102030405060708L, m.readLong(CHUNK - 4));
        assertEquals(0, m.ownedBytes(), "reads copy nothing");
        m.writeI32(CHUNK - 2, 0xAABBCCDD);
        assertEquals(0xCCDD0708, m.readInt(CHUNK - 4));
        assertEquals(0x0102AABB, m.readInt(CHUNK));
        assertEquals(2 * CHUNK, m.ownedBytes());
        assertEquals(0x0102030405060708L, new CowMemory(image, new MemoryLimits(1, 1)).readLong(CHUNK - 4));
    }

    @Test
    void accessesStraddlingTwoPagesAreLittleEndianAndExact() {
        CowMemory m = memory(2, 2);
        for (int off = PAGE - 7; off < PAGE; off++) {
            m.writeLong(off, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, m.readLong(off));
            m.writeI32(off, 0xCAFEBABE);
            assertEquals(0xCAFEBABE, m.readInt(off));
            m.writeShort(off, (short) 0xBEEF);
            assertEquals((short) 0xBEEF, m.readShort(off));
        }
        m.writeI32(PAGE - 2, 0x04030201);
        assertEquals(2, m.read(PAGE - 1));
        assertEquals(3, m.read(PAGE));
    }

    @Test
    void outOfBoundsAccessesTrap() {
        CowMemory m = memory(1, 1);
        assertThrows(WasmRuntimeException.class, () -> m.readInt(PAGE - 2));
        assertThrows(WasmRuntimeException.class, () -> m.writeLong(PAGE, 1));
        assertThrows(WasmRuntimeException.class, () -> m.read(-1));
        assertThrows(WasmRuntimeException.class, () -> m.readBytes(PAGE - 1, 2));
        assertThrows(WasmRuntimeException.class, () -> m.copy(0, PAGE - 4, 8));
        assertThrows(WasmRuntimeException.class, () -> m.fill((byte) 1, PAGE - 1, PAGE + 1));
    }

    @Test
    void growIsBoundedAndNewPagesReadAsZero() {
        CowMemory m = memory(1, 3);
        assertEquals(1, m.grow(2));
        assertEquals(3, m.pages());
        assertEquals(-1, m.grow(1));
        assertEquals(0L, m.readLong(2 * PAGE + 8));
        assertEquals(0, m.ownedBytes(), "growing allocates nothing until written");
    }

    @Test
    void bulkOperationsMatchAFlatArrayModel() {
        Random random = new Random(7);
        CowMemory m = memory(3, 3);
        byte[] model = new byte[3 * PAGE];
        for (int i = 0; i < 2000; i++) {
            int size = random.nextInt(3 * PAGE / 4);
            int src = random.nextInt(model.length - size);
            int dst = random.nextInt(model.length - size);
            switch (random.nextInt(3)) {
                case 0: {
                    byte[] data = new byte[size];
                    random.nextBytes(data);
                    m.write(dst, data, 0, size);
                    System.arraycopy(data, 0, model, dst, size);
                    break;
                }
                case 1:
                    m.copy(dst, src, size);
                    System.arraycopy(model, src, model, dst, size);
                    break;
                default:
                    byte v = (byte) random.nextInt(3);
                    m.fill(v, dst, dst + size);
                    java.util.Arrays.fill(model, dst, dst + size, v);
            }
        }
        assertArrayEquals(model, m.readBytes(0, model.length));
    }
}
