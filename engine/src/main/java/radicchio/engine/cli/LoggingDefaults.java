package radicchio.engine.cli;

/**
 * Log settings for the command-line server, applied before the first logger exists; each one
 * only when not set already, so {@code -Dorg.slf4j.simpleLogger.*} on the java command line wins.
 * Logs go to stderr with a time stamp; the access log and worker console lines are INFO;
 * Undertow's and XNIO's start-up chatter (they log through jboss-logging, routed to SLF4J here)
 * is kept to warnings.
 */
final class LoggingDefaults {
    private LoggingDefaults() {}

    static void apply() {
        setIfAbsent("org.jboss.logging.provider", "slf4j");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.log.io.undertow", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.xnio", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.jboss", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
