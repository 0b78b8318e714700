package dev.kreboot.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.WarnStatus;

/**
 * The services' logback.xml, in code: the console in text or, with {@code KREBOOT_LOG_FORMAT=json}
 * (environment variable or system property, the chart's configuration.logFormat), one JSON object
 * per line with the same fields (timestamp, level, threadName, loggerName, mdc, formattedMessage,
 * throwable); Kafka and fabric8 at WARN. Any other value logs text and warns, naming the bad value.
 *
 * <p>Why code: logback's XML configuration loads its parser and model (~500 classes) into every
 * start, and the sensor's and executor's jars each carry a logback.xml, whose duplicates make logback
 * print its status report (breaking JSON-only output). A {@link Configurator} found through the
 * ServiceLoader runs before any file is looked for.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class AgentLogging extends ContextAwareBase implements Configurator {
    static final String FORMAT = "KREBOOT_LOG_FORMAT";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String format = System.getProperty(FORMAT, System.getenv(FORMAT));
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder(context, format));
        console.start();
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        context.getLogger("io.fabric8").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        if (format != null && !format.isEmpty() && !format.equals("text") && !format.equals("json")) {
            String message = FORMAT + " must be text or json, not '" + format + "': logging text";
            context.getStatusManager().add(new WarnStatus(message, this));
            root.warn(message);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.start();
        return text;
    }
}
