package radicchio.guest.build;

import java.util.regex.Pattern;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Drops the thread-interruption check Chicory puts before every guest-to-guest call, keeping the
 * one at every loop back-edge.
 *
 * <p>The engine stops a guest over its CPU budget by interrupting its thread, and the compiled
 * code notices at these checks. A back-edge check bounds how long any loop runs unnoticed; code
 * without loops runs once per call, and a chain of calls without loops ends, at the latest when
 * the thread's stack does (the host turns that into a discarded isolate). So the call-site checks
 * add nothing to when a runaway guest is stopped, while in QuickJS's interpreter loop they are 300
 * calls that HotSpot can neither inline (the method is over its inlining budget) nor profile at
 * C1's profiling tier (C1 runs out of virtual registers).
 *
 * <p>A check counts as a call-site check when the instructions after it are the loads of the
 * memory and instance arguments Chicory appends to every call, then the call itself.
 */
final class CallSiteChecks {
    static final String CHECK = "checkInterruption";
    private static final Pattern GUEST_FUNCTION = Pattern.compile("func_\\d+|call_indirect_\\d+");
    /** Chicory passes the memory and the instance after a call's own arguments. */
    private static final int TRAILING_ARGUMENT_LOADS = 2;

    private CallSiteChecks() {}

    /** Rewrites {@code method} in place; returns how many checks it removed. */
    static int apply(MethodNode method) {
        int removed = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (isCheck(insn) && precedesGuestCall(next)) {
                method.instructions.remove(insn);
                removed++;
            }
            insn = next;
        }
        return removed;
    }

    static boolean isCheck(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.name.equals(CHECK) && call.desc.equals("()V");
    }

    private static boolean precedesGuestCall(AbstractInsnNode insn) {
        for (int i = 0; i < TRAILING_ARGUMENT_LOADS; i++) {
            if (insn == null || insn.getOpcode() != Opcodes.ALOAD) {
                return false;
            }
            insn = insn.getNext();
        }
        return insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                && GUEST_FUNCTION.matcher(call.name).matches();
    }
}
