package radicchio.guest.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The rewritten comparisons branch exactly as Chicory's calls did (each compared on edge values
 * against the real {@code OpcodeImpl}), and only call-site interruption checks go.
 */
class GuestClassRewriterTest {
    private static final String[] RELATIONS = {"EQZ", "EQ", "NE", "LT_S", "LT_U", "GT_S", "GT_U", "LE_S", "LE_U", "GE_S", "GE_U"};
    private static final int[] INTS = {0, 1, -1, 2, -2, 7, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, 0x8000_0001};
    private static final long[] LONGS = {0, 1, -1, 2, -2, 7, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
            0xFFFF_FFFFL, 0x1_0000_0000L, Integer.MIN_VALUE};

    @Test
    void fusedIntComparisonsBranchLikeTheCalls() throws Exception {
        List<Object> values = new ArrayList<>();
        for (int value : INTS) {
            values.add(value);
        }
        assertFusedLikeCalls("I32_", false, values);
    }

    @Test
    void fusedLongComparisonsBranchLikeTheCalls() throws Exception {
        List<Object> values = new ArrayList<>();
        for (long value : LONGS) {
            values.add(value);
        }
        assertFusedLikeCalls("I64_", true, values);
    }

    /** Every relation, after either branch, on every pair of {@code values}: rewritten = original. */
    private static void assertFusedLikeCalls(String width, boolean isLong, List<Object> values) throws Exception {
        for (String relation : RELATIONS) {
            for (int branch : new int[] {Opcodes.IFNE, Opcodes.IFEQ}) {
                String name = width + relation;
                Pair pair = compile(name, branch, isLong);
                for (Object a : values) {
                    for (Object b : values) {
                        Object[] args = relation.equals("EQZ") ? new Object[] {a} : new Object[] {a, b};
                        assertEquals(pair.original.invoke(null, args), pair.rewritten.invoke(null, args),
                                name + " then " + (branch == Opcodes.IFNE ? "ifne" : "ifeq") + " on " + a + ", " + b);
                    }
                }
            }
        }
    }

    @Test
    void aComparisonUsedAsAValueStaysACall() {
        byte[] original = classWith(mv -> {
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BranchFusion.OPCODE_IMPL, "I32_EQZ", "(I)I", false);
            mv.visitInsn(Opcodes.IRETURN);
        }, "(I)I");
        assertLeftAsACall(original, "I32_EQZ");
    }

    @Test
    void floatingPointComparisonsStayCalls() {
        byte[] original = classWith(mv -> {
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitVarInsn(Opcodes.DLOAD, 2);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BranchFusion.OPCODE_IMPL, "F64_LT", "(DD)I", false);
            returnWhetherTaken(mv, Opcodes.IFNE);
        }, "(DD)I");
        assertLeftAsACall(original, "F64_LT");
    }

    @Test
    void dropsChecksBeforeGuestCallsAndKeepsThemOnBackEdges() {
        byte[] original = classWith(mv -> {
            Label loop = new Label();
            mv.visitLabel(loop);
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            check(mv);
            callWithMemoryAndInstance(mv, "Guest", "func_12");
            check(mv);
            callWithMemoryAndInstance(mv, "Guest", "call_indirect_3");
            check(mv); // before a call of something that is not a guest function: kept
            callWithMemoryAndInstance(mv, "Host", "log");
            check(mv); // the back-edge: kept
            mv.visitJumpInsn(Opcodes.GOTO, loop);
        }, "(Ljava/lang/Object;Ljava/lang/Object;)V");
        GuestClassRewriter.Totals totals = new GuestClassRewriter.Totals();
        byte[] rewritten = GuestClassRewriter.rewrite(original, totals);
        assertEquals(2, totals.checksDropped);
        assertEquals(List.of("func_12", "call_indirect_3", CallSiteChecks.CHECK, "log", CallSiteChecks.CHECK), calls(rewritten));
    }

    @Test
    void aSecondRunFindsNothingToRewrite() throws Exception {
        byte[] once = GuestClassRewriter.rewrite(compile("I64_LT_U", Opcodes.IFNE, true).rewrittenBytes, new GuestClassRewriter.Totals());
        GuestClassRewriter.Totals again = new GuestClassRewriter.Totals();
        GuestClassRewriter.rewrite(once, again);
        assertEquals(0, again.fused + again.checksDropped);
    }

    private static void assertLeftAsACall(byte[] original, String comparison) {
        GuestClassRewriter.Totals totals = new GuestClassRewriter.Totals();
        byte[] rewritten = GuestClassRewriter.rewrite(original, totals);
        assertEquals(0, totals.fused);
        assertEquals(List.of(comparison), calls(rewritten));
    }

    /** Returns 1 when {@code branch} on the int on the stack is taken, else 0. */
    private static void returnWhetherTaken(MethodVisitor mv, int branch) {
        Label taken = new Label();
        mv.visitJumpInsn(branch, taken);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitLabel(taken);
        mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.IRETURN);
    }

    /** A call the way Chicory emits one: the memory and the instance go last. */
    private static void callWithMemoryAndInstance(MethodVisitor mv, String owner, String name) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
    }

    private static void check(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "Shaded", CallSiteChecks.CHECK, "()V", false);
    }

    private record Pair(Method original, Method rewritten, byte[] rewrittenBytes) {}

    /** {@code static int test(a[, b])}: 1 when the branch after {@code OpcodeImpl.<name>} is taken, else 0. */
    private static Pair compile(String name, int branch, boolean isLong) throws Exception {
        boolean unary = name.endsWith("EQZ");
        String operand = isLong ? "J" : "I";
        String desc = "(" + operand + (unary ? "" : operand) + ")I";
        byte[] original = classWith(mv -> {
            mv.visitVarInsn(isLong ? Opcodes.LLOAD : Opcodes.ILOAD, 0);
            if (!unary) {
                mv.visitVarInsn(isLong ? Opcodes.LLOAD : Opcodes.ILOAD, isLong ? 2 : 1);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BranchFusion.OPCODE_IMPL, name, desc, false);
            returnWhetherTaken(mv, branch);
        }, desc);
        GuestClassRewriter.Totals totals = new GuestClassRewriter.Totals();
        byte[] rewritten = GuestClassRewriter.rewrite(original, totals);
        assertEquals(1, totals.fused, name);
        assertTrue(calls(rewritten).isEmpty(), name + " still calls " + calls(rewritten));
        Class<?>[] params = unary ? new Class<?>[] {isLong ? long.class : int.class}
                : new Class<?>[] {isLong ? long.class : int.class, isLong ? long.class : int.class};
        return new Pair(load(original).getMethod("test", params), load(rewritten).getMethod("test", params), rewritten);
    }

    private static byte[] classWith(java.util.function.Consumer<MethodVisitor> body, String desc) {
        // Frames are written by hand (F_SAME) as Chicory writes them, so the rewriter's claim that
        // it needs no frame recomputation is what these classes test; COMPUTE_MAXS only sizes the stack.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Probe", null, "java/lang/Object", null);
        MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "test", desc, null, null);
        mv.visitCode();
        body.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static List<String> calls(byte[] classBytes) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, 0);
        List<String> names = new ArrayList<>();
        for (MethodNode method : node.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode call) {
                    names.add(call.name);
                }
            }
        }
        return names;
    }

    private static Class<?> load(byte[] classBytes) {
        return new ClassLoader(GuestClassRewriterTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass("Probe", classBytes, 0, classBytes.length);
            }
        }.define();
    }
}
