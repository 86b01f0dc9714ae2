package radicchio.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches an app's files (config and modules) for {@code dev} and calls back when they have
 * changed and then stayed unchanged for one more poll, so that an editor's save-in-several-writes
 * gives one reload. Polling, not a WatchService: the file list is short, polling sees files that
 * are replaced by rename (as editors do) and works the same on every platform.
 */
final class SourceWatcher implements AutoCloseable {
    /** Called on the watcher's thread; returns the files to watch from then on. */
    interface OnChange {
        List<Path> changed();
    }

    private record Stamp(boolean exists, long modified, long size) {}

    private final Duration interval;
    private final OnChange onChange;
    private final Thread thread;
    private volatile boolean closed;
    private Map<Path, Stamp> watched;

    SourceWatcher(List<Path> files, Duration interval, OnChange onChange) {
        this.interval = interval;
        this.onChange = onChange;
        this.watched = stamps(files);
        this.thread = new Thread(this::run, "radicchio-watcher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Map<Path, Stamp> pending = null; // what the files looked like at the last poll, once changed
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Map<Path, Stamp> now = stamps(watched.keySet());
            if (pending == null) {
                if (!now.equals(watched)) {
                    pending = now; // changed: wait one more poll for the writes to settle
                }
            } else if (now.equals(pending)) {
                List<Path> next = onChange.changed();
                watched = stamps(next);
                pending = null;
            } else {
                pending = now;
            }
        }
    }

    private static Map<Path, Stamp> stamps(Iterable<Path> files) {
        Map<Path, Stamp> out = new HashMap<>();
        for (Path file : files) {
            out.put(file, stamp(file));
        }
        return out;
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(true, a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return new Stamp(false, 0, 0);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
