package radicchio.guest.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Build step (Maven {@code process-classes}, wasm-guest's pom): rewrites the guest's functions as
 * Chicory's AOT compiler emitted them so that HotSpot's JIT handles QuickJS's interpreter loop
 * better, without changing what any function computes ({@link BranchFusion},
 * {@link CallSiteChecks}; wasm-guest/README.md, "The interpreter loop and HotSpot's JIT").
 *
 * <p>Runs on the classes in place and is idempotent: a second run finds nothing left to rewrite,
 * so Maven may copy the compiler's output again or not.
 *
 * <p>Usage: {@code GuestClassRewriter <classes directory>}; rewrites every
 * {@code *FuncGroup_*.class} below it.
 */
public final class GuestClassRewriter {
    private GuestClassRewriter() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GuestClassRewriter <classes directory>");
        }
        List<Path> groups = functionGroups(Path.of(args[0]));
        if (groups.isEmpty()) {
            throw new IllegalStateException("no compiled guest functions (*FuncGroup_*.class) under " + args[0]);
        }
        for (Path group : groups) {
            Totals totals = rewrite(group);
            System.out.printf("radicchio guest rewrite: %s: %d compare-and-branch pairs fused, %d call-site checks dropped%n",
                    group.getFileName(), totals.fused, totals.checksDropped);
        }
    }

    static List<Path> functionGroups(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.getFileName().toString().matches(".*FuncGroup_\\d+\\.class"))
                    .sorted().collect(Collectors.toList());
        }
    }

    /** Rewrites one class file in place (untouched when nothing changes). */
    static Totals rewrite(Path classFile) throws IOException {
        byte[] original = Files.readAllBytes(classFile);
        Totals totals = new Totals();
        byte[] rewritten = rewrite(original, totals);
        if (totals.fused + totals.checksDropped > 0) {
            Files.write(classFile, rewritten);
        }
        return totals;
    }

    static byte[] rewrite(byte[] classBytes, Totals totals) {
        ClassNode owner = new ClassNode();
        new ClassReader(classBytes).accept(owner, 0);
        for (MethodNode method : owner.methods) {
            totals.fused += BranchFusion.apply(method);
            totals.checksDropped += CallSiteChecks.apply(method);
        }
        // No COMPUTE_FRAMES: both rewrites keep every frame as it was, and recomputing frames would
        // need the guest's classes loadable here.
        ClassWriter writer = new ClassWriter(0);
        owner.accept(writer);
        return writer.toByteArray();
    }

    static final class Totals {
        int fused;
        int checksDropped;
    }
}
