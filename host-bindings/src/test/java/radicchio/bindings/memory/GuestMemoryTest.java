package radicchio.bindings.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
    private static final int PAGE = MemoryImage.PAGE_SIZE;
    private static final int CHUNK = MemoryImage.CHUNK_SIZE;

    private static GuestMemory memory(int pages, int max) {
        return new GuestMemory(MemoryImage.zeros(pages), new MemoryLimits(pages, max));
    }

    @Test
    void writesAreInvisibleToTheImageAndToSiblingMemories() {
        GuestMemory first = memory(2, 4);
        first.writeI32(100, 0x01020304);
        MemoryImage image = first.snapshot();
        GuestMemory a = new GuestMemory(image, new MemoryLimits(2, 4));
        GuestMemory b = new GuestMemory(image, new MemoryLimits(2, 4));
        a.writeI32(100, 42);
        assertEquals(42, a.readInt(100));
        assertEquals(0x01020304, b.readInt(100));
        assertEquals(0x01020304, first.readInt(100));
        assertEquals(CHUNK, a.ownedBytes(), "one write copies one chunk, not a whole page");
        assertEquals(0, b.ownedBytes());
    }

    @Test
    void chunksWrittenBackToTheirImageContentAreSharedAgain() {
        GuestMemory first = memory(1, 2);
        first.writeI32(8, 7);
        MemoryImage image = first.snapshot();
        GuestMemory m = new GuestMemory(image, new MemoryLimits(1, 2));
        m.writeI32(8, 8); // changed, then restored: a reference count going up and down
        m.writeI32(8, 7);
        m.writeI32(CHUNK + 8, 5); // changed for good
        assertEquals(1, m.grow(1));
        m.writeI32(PAGE + 8, 9); // grown and restored to zero
        m.writeI32(PAGE + 8, 0);
        m.writeI32(PAGE + CHUNK, 3); // grown and written
        assertEquals(4 * CHUNK, m.ownedBytes());

        assertEquals(2 * CHUNK, m.park());
        assertEquals(2 * CHUNK, m.ownedBytes());
        assertEquals(7, m.readInt(8));
        assertEquals(5, m.readInt(CHUNK + 8));
        assertEquals(0, m.readInt(PAGE + 8));
        assertEquals(3, m.readInt(PAGE + CHUNK));
        m.writeI32(8, 1); // a released chunk is copied again on its next write, never written in place
        assertEquals(7, new GuestMemory(image, new MemoryLimits(1, 2)).readInt(8));
        assertEquals(1, m.readInt(8));
    }

    @Test
    void accessesStraddlingTwoChunksAreLittleEndianAndCopyBoth() {
        GuestMemory first = memory(1, 1);
        first.writeLong(CHUNK - 4, 0x0102030405060708L);
        MemoryImage image = first.snapshot();
        GuestMemory m = new GuestMemory(image, new MemoryLimits(1, 1));
        assertEquals(0x0102030405060708L, m.readLong(CHUNK - 4));
        assertEquals(0, m.ownedBytes(), "reads copy nothing");
        m.writeI32(CHUNK - 2, 0xAABBCCDD);
        assertEquals(0xCCDD0708, m.readInt(CHUNK - 4));
        assertEquals(0x0102AABB, m.readInt(CHUNK));
        assertEquals(2 * CHUNK, m.ownedBytes());
        assertEquals(0x0102030405060708L, new GuestMemory(image, new MemoryLimits(1, 1)).readLong(CHUNK - 4));
    }

    @Test
    void accessesStraddlingTwoPagesAreLittleEndianAndExact() {
        GuestMemory m = memory(2, 2);
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
        GuestMemory m = memory(1, 1);
        assertThrows(WasmRuntimeException.class, () -> m.readInt(PAGE - 2));
        assertThrows(WasmRuntimeException.class, () -> m.writeLong(PAGE, 1));
        assertThrows(WasmRuntimeException.class, () -> m.read(-1));
        assertThrows(WasmRuntimeException.class, () -> m.readBytes(PAGE - 1, 2));
        assertThrows(WasmRuntimeException.class, () -> m.copy(0, PAGE - 4, 8));
        assertThrows(WasmRuntimeException.class, () -> m.fill((byte) 1, PAGE - 1, PAGE + 1));
    }

    @Test
    void growIsBoundedAndNewPagesReadAsZero() {
        GuestMemory m = memory(1, 3);
        assertEquals(1, m.grow(2));
        assertEquals(3, m.pages());
        assertEquals(-1, m.grow(1));
        assertEquals(0L, m.readLong(2 * PAGE + 8));
        assertEquals(0, m.ownedBytes(), "growing allocates nothing until written");
    }

    @Test
    void bulkOperationsMatchAFlatArrayModelInTheChunkedForm() {
        bulkOperationsMatchAFlatArrayModel(memory(3, 3));
    }

    @Test
    void bulkOperationsMatchAFlatArrayModelInTheFlatForm() {
        GuestMemory m = memory(3, 3);
        m.flatten();
        bulkOperationsMatchAFlatArrayModel(m);
    }

    private static void bulkOperationsMatchAFlatArrayModel(GuestMemory m) {
        Random random = new Random(7);
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

    @Test
    void aFlatMemoryHoldsTheSameContentAndLeavesTheImageAlone() {
        GuestMemory first = memory(2, 4);
        first.writeI32(100, 0x01020304);
        first.writeLong(CHUNK - 4, 0x0102030405060708L);
        MemoryImage image = first.snapshot();
        GuestMemory m = new GuestMemory(image, new MemoryLimits(2, 4));
        m.writeI32(CHUNK + 8, 5);
        m.flatten();
        assertTrue(m.isFlat());
        assertEquals(2 * PAGE, m.ownedBytes(), "a flat memory holds all of it");
        assertEquals(0x01020304, m.readInt(100));
        assertEquals(0x0102030405060708L, m.readLong(CHUNK - 4), "no chunk boundaries any more");
        assertEquals(5, m.readInt(CHUNK + 8));
        m.writeI32(100, 42);
        assertEquals(0x01020304, new GuestMemory(image, new MemoryLimits(2, 4)).readInt(100), "the image is never written");
        assertEquals(0x01020304, first.readInt(100));
    }

    @Test
    void parkingAFlatMemoryKeepsOnlyTheChunksThatDiffer() {
        GuestMemory first = memory(1, 2);
        first.writeI32(8, 7);
        MemoryImage image = first.snapshot();
        GuestMemory m = new GuestMemory(image, new MemoryLimits(1, 2));
        m.flatten();
        m.writeI32(8, 8); // changed, then restored
        m.writeI32(8, 7);
        m.writeI32(CHUNK + 8, 5); // changed for good
        assertEquals(1, m.grow(1));
        m.writeI32(PAGE + CHUNK, 3); // grown and written
        long capacity = m.ownedBytes();

        assertEquals(capacity - 2 * CHUNK, m.park());
        assertFalse(m.isFlat());
        assertEquals(2 * CHUNK, m.ownedBytes());
        assertEquals(7, m.readInt(8));
        assertEquals(5, m.readInt(CHUNK + 8));
        assertEquals(3, m.readInt(PAGE + CHUNK));
        assertEquals(2, m.pages());
        m.flatten();
        assertEquals(3, m.readInt(PAGE + CHUNK), "and back again");
        m.writeI32(8, 1);
        assertEquals(7, new GuestMemory(image, new MemoryLimits(1, 2)).readInt(8));
    }

    @Test
    void aSnapshotOfAFlatMemoryStartsNewMemories() {
        GuestMemory m = memory(2, 2);
        m.flatten();
        new Random(3).ints(500, 0, 2 * PAGE - 4).forEach(a -> m.writeI32(a, a));
        byte[] before = m.readBytes(0, 2 * PAGE);
        MemoryImage image = m.snapshot();
        assertArrayEquals(before, new GuestMemory(image, new MemoryLimits(2, 2)).readBytes(0, 2 * PAGE));
        assertEquals(2 * PAGE, m.park(), "right after a snapshot nothing differs from it");
        assertArrayEquals(before, m.readBytes(0, 2 * PAGE));
    }

    @Test
    void aFlatMemoryTrapsOutOfBoundsAndReservesCapacityWhenGrowing() {
        GuestMemory m = memory(4, 100);
        m.flatten();
        assertThrows(WasmRuntimeException.class, () -> m.readInt(4 * PAGE - 2));
        assertThrows(WasmRuntimeException.class, () -> m.read(-1));
        assertEquals(4, m.grow(1));
        assertEquals(6 * PAGE, m.ownedBytes(), "half again the size, so page-by-page growth copies rarely");
        // Within the capacity a single store past the size does not trap (the documented deviation)...
        m.writeLong(5 * PAGE + 16, -1L);
        assertThrows(WasmRuntimeException.class, () -> m.readBytes(5 * PAGE, 32), "bulk reads check the exact size");
        assertEquals(5, m.grow(1));
        // ...and the grow makes that page valid and zeroed, as Wasm requires.
        assertEquals(0L, m.readLong(5 * PAGE + 16));
        assertThrows(WasmRuntimeException.class, () -> m.readLong(6 * PAGE), "past the capacity it traps");
    }
}
