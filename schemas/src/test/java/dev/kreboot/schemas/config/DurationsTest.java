package dev.kreboot.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The table of what every service's duration settings accept and refuse. */
class DurationsTest {

    /** Text, expected (ISO-8601), where the form comes from. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("0", "PT0S", "Go: bare zero"),
                Arguments.of("+0", "PT0S", "Go: signed zero"),
                Arguments.of("300ms", "PT0.3S", "Go"),
                Arguments.of("1.5h", "PT1H30M", "Go: fraction"),
                Arguments.of("2h45m", "PT2H45M", "Go: several parts"),
                Arguments.of("1h30m", "PT1H30M", "coordinator, executor, sensor"),
                Arguments.of("90s", "PT1M30S", "coordinator"),
                Arguments.of(".5s", "PT0.5S", "Go: fraction without integer part"),
                Arguments.of("1.s", "PT1S", "Go: integer with a dot"),
                Arguments.of("1us500ns", "PT0.0000015S", "executor"),
                Arguments.of("2µs", "PT0.000002S", "Go: micro sign U+00B5"),
                Arguments.of("2μs", "PT0.000002S", "Go: Greek mu U+03BC"),
                Arguments.of("1.5ns", "PT0.000000001S", "Go truncates below a nanosecond"),
                Arguments.of("+5m", "PT5M", "Go: leading plus"),
                Arguments.of("1h0m0s", "PT1H", "Go's own String() output"),
                Arguments.of("  30s  ", "PT30S", "blanks around the value"),
                Arguments.of("PT1H30M", "PT1H30M", "ISO-8601"),
                Arguments.of("P1D", "PT24H", "ISO-8601 days"),
                Arguments.of("pt30s", "PT30S", "ISO-8601, lower case"),
                Arguments.of("PT0S", "PT0S", "ISO-8601 zero"));
    }

    @ParameterizedTest(name = "{0} ({2})")
    @MethodSource("accepted")
    void acceptsGoAndIsoForms(String text, String expected, String origin) {
        assertEquals(Duration.parse(expected), Durations.parse("k", text));
        assertEquals(Duration.parse(expected), Durations.parseAllowingDays("k", text), "the notifier's syntax is a superset");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   ", "5", "m", "5 m", "1d", "m5", "5 minutes", "soon", "1h30", "1..5s", ".s", "5M",
        "--5m", "+-5m", "5m-", "PTX", "P", "P1W", "1e3s", "5sec", "1h 30m"})
    void refusesAnythingElseNamingTheKeyAndQuotingTheValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("the.key", text));

        assertTrue(e.getMessage().startsWith("the.key must be a duration such as "), e.getMessage());
        assertTrue(text.isBlank() ? e.getMessage().endsWith("got nothing") : e.getMessage().contains("'" + text.strip() + "'"),
                e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"-5m", "-1h30m", "-PT5M", "PT-5M", "-p1d"})
    void refusesNegativeDurationsSayingSo(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("the.key", text));

        assertEquals("the.key must not be negative, got '" + text + "'", e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"0", "0s", "PT0S", "0h0m"})
    void positiveRefusesZeroNamingTheKey(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parsePositive("the.key", text));

        assertEquals("the.key must be a positive duration, got '" + text + "'", e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"2562048h", "106752d"})
    void refusesWhatGoCannotHoldRatherThanWrapping(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseAllowingDays("the.key", text));

        assertTrue(e.getMessage().startsWith("the.key is longer than a duration can be"), e.getMessage());
    }

    /** Text, expected (ISO-8601): the notifier's historic forms. */
    static Stream<Arguments> notifierForms() {
        return Stream.of(
                Arguments.of("1d", "PT24H"),
                Arguments.of("5 m", "PT5M"),
                Arguments.of("500 ms", "PT0.5S"),
                Arguments.of("1d12h", "PT36H"),
                Arguments.of("1.5d", "PT36H"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notifierForms")
    void theNotifiersSyntaxAlsoTakesDaysAndABlankBeforeTheUnit(String text, String expected) {
        assertEquals(Duration.parse(expected), Durations.parseAllowingDays("k", text));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"5", "d", "1 d 2", "-1d", "1w"})
    void theNotifiersSyntaxStillRefusesWhatIsNotADuration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseAllowingDays("the.key", text));

        assertTrue(e.getMessage().startsWith("the.key must "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT0.0000015S", "PT1H30M", "PT0S", "PT2562047H47M16.854775807S"})
    void formatWritesWhatParseReadsBack(String iso) {
        Duration d = Duration.parse(iso);

        assertEquals(d, Durations.parse("k", Durations.format(d)));
    }
}
