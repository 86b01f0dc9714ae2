package radicchio.guest.build;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Turns Chicory's "compare, then branch on the 0/1 result" into one JVM compare-and-branch.
 *
 * <p>Chicory compiles a wasm comparison such as {@code i32.lt_u} to a call of
 * {@code OpcodeImpl.I32_LT_U(a, b)}, which returns 0 or 1, and a {@code br_if} on it to
 * {@code ifne}. In a method small enough for HotSpot to inline into, that costs nothing; in
 * QuickJS's interpreter loop (far over HotSpot's inlining budget) each one stays a real call, and
 * each call is what C1's profiling tier multiplies until it runs out of virtual registers. So a
 * call followed directly by {@code ifeq}/{@code ifne} becomes {@code if_icmp<cond>} or
 * {@code lcmp; if<cond>}; unsigned compares flip both operands' sign bits first, which orders them
 * as signed values the way the unsigned values are ordered.
 *
 * <p>The rewrite stays inside one basic block: the stack at the branch target and on the
 * fall-through path is what it was, so the method's stack map frames stay valid as they are.
 * A comparison whose result is used as a value is left alone.
 */
final class BranchFusion {
    static final String OPCODE_IMPL = "com/dylibso/chicory/runtime/OpcodeImpl";

    /** Branch opcode taken when the comparison holds, for a signed int compare of two operands. */
    private static final Map<String, Integer> INT_COMPARE = Map.of(
            "EQ", Opcodes.IF_ICMPEQ, "NE", Opcodes.IF_ICMPNE,
            "LT", Opcodes.IF_ICMPLT, "GT", Opcodes.IF_ICMPGT,
            "LE", Opcodes.IF_ICMPLE, "GE", Opcodes.IF_ICMPGE);

    /** Branch opcode taken when the comparison holds, testing the result of {@code lcmp}. */
    private static final Map<String, Integer> LONG_COMPARE = Map.of(
            "EQ", Opcodes.IFEQ, "NE", Opcodes.IFNE,
            "LT", Opcodes.IFLT, "GT", Opcodes.IFGT,
            "LE", Opcodes.IFLE, "GE", Opcodes.IFGE);

    /** {@code OpcodeImpl}'s integer comparisons: I32 or I64, then EQZ, EQ, NE or an ordering with its signedness. */
    private static final Pattern INTEGER_COMPARISON = Pattern.compile("(I32|I64)_(?:(EQZ|EQ|NE)|(LT|GT|LE|GE)_([SU]))");

    /** Extra operand stack an unsigned long compare needs (a flipped copy of a long). */
    private static final int EXTRA_STACK = 2;

    private BranchFusion() {}

    /**
     * Rewrites {@code method} in place, raising its max stack for the flipped operands; returns how
     * many compare-and-branch pairs it fused.
     */
    static int apply(MethodNode method) {
        int fused = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof MethodInsnNode call && next instanceof JumpInsnNode branch
                    && call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals(OPCODE_IMPL)
                    && (branch.getOpcode() == Opcodes.IFNE || branch.getOpcode() == Opcodes.IFEQ)) {
                InsnList replacement = compareAndBranch(call.name, branch);
                if (replacement != null) {
                    next = branch.getNext();
                    method.instructions.insertBefore(call, replacement);
                    method.instructions.remove(call);
                    method.instructions.remove(branch);
                    fused++;
                }
            }
            insn = next;
        }
        if (fused > 0) {
            method.maxStack += EXTRA_STACK;
        }
        return fused;
    }

    /**
     * The instructions replacing {@code OpcodeImpl.<name>} and {@code branch}, or null when
     * {@code name} is not an integer comparison (floating-point ones keep their NaN rules in the call).
     */
    static InsnList compareAndBranch(String name, JumpInsnNode branch) {
        Matcher comparison = INTEGER_COMPARISON.matcher(name);
        if (!comparison.matches()) {
            return null;
        }
        boolean isLong = comparison.group(1).equals("I64");
        String relation = comparison.group(2) != null ? comparison.group(2) : comparison.group(3);
        boolean unsigned = "U".equals(comparison.group(4));
        boolean jumpWhenTrue = branch.getOpcode() == Opcodes.IFNE;
        InsnList out = new InsnList();
        int jumpIfHolds;
        if (relation.equals("EQZ")) {
            if (isLong) {
                out.add(new InsnNode(Opcodes.LCONST_0));
                out.add(new InsnNode(Opcodes.LCMP));
            }
            jumpIfHolds = Opcodes.IFEQ;
        } else {
            int opcode = (isLong ? LONG_COMPARE : INT_COMPARE).get(relation);
            if (unsigned) {
                flipSignBitsOfTopTwo(out, isLong);
            }
            if (isLong) {
                out.add(new InsnNode(Opcodes.LCMP));
            }
            jumpIfHolds = opcode;
        }
        out.add(new JumpInsnNode(jumpWhenTrue ? jumpIfHolds : negate(jumpIfHolds), branch.label));
        return out;
    }

    /** Stack {@code a, b} becomes {@code a ^ MIN, b ^ MIN}. */
    private static void flipSignBitsOfTopTwo(InsnList out, boolean isLong) {
        for (int i = 0; i < 2; i++) {
            if (isLong) {
                out.add(new LdcInsnNode(Long.MIN_VALUE));
                out.add(new InsnNode(Opcodes.LXOR));
                out.add(new InsnNode(Opcodes.DUP2_X2)); // a, b -> b, a, b
                out.add(new InsnNode(Opcodes.POP2)); //    -> b, a
            } else {
                out.add(new LdcInsnNode(Integer.MIN_VALUE));
                out.add(new InsnNode(Opcodes.IXOR));
                out.add(new InsnNode(Opcodes.SWAP));
            }
        }
    }

    /** The branch taken exactly when {@code opcode}'s is not. */
    private static int negate(int opcode) {
        switch (opcode) {
            case Opcodes.IFEQ: return Opcodes.IFNE;
            case Opcodes.IFNE: return Opcodes.IFEQ;
            case Opcodes.IFLT: return Opcodes.IFGE;
            case Opcodes.IFGE: return Opcodes.IFLT;
            case Opcodes.IFGT: return Opcodes.IFLE;
            case Opcodes.IFLE: return Opcodes.IFGT;
            case Opcodes.IF_ICMPEQ: return Opcodes.IF_ICMPNE;
            case Opcodes.IF_ICMPNE: return Opcodes.IF_ICMPEQ;
            case Opcodes.IF_ICMPLT: return Opcodes.IF_ICMPGE;
            case Opcodes.IF_ICMPGE: return Opcodes.IF_ICMPLT;
            case Opcodes.IF_ICMPGT: return Opcodes.IF_ICMPLE;
            case Opcodes.IF_ICMPLE: return Opcodes.IF_ICMPGT;
            default: throw new IllegalArgumentException("not a conditional branch: " + opcode);
        }
    }
}
