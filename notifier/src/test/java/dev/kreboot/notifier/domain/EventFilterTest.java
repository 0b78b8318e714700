package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.ProgressPhase;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    @Test
    void emptyOrStarLetsEverythingThrough() {
        for (String spec : new String[] {null, "", " ", "*"}) {
            EventFilter filter = EventFilter.parse(spec);
            assertTrue(EventType.all().stream().allMatch(filter::matches), "spec " + spec);
        }
    }

    @Test
    void categoryWildcardAndExactNamesCombine() {
        EventFilter filter = EventFilter.parse("progress.*, decision.SLOT_GRANTED");

        assertTrue(filter.matches(EventType.of(ProgressPhase.DRAINED)));
        assertTrue(filter.matches(EventType.of(ProgressPhase.COMPLETED)));
        assertTrue(filter.matches(EventType.of(DecisionType.SLOT_GRANTED)));
        assertFalse(filter.matches(EventType.of(DecisionType.REBOOT_BLOCKED)));
    }

    @Test
    void matchesWhateverTheCase() {
        assertTrue(EventFilter.parse("Decision.slot_granted").matches(EventType.of(DecisionType.SLOT_GRANTED)));
    }

    @Test
    void aLeadingWildcardSelectsOneOutcomeAcrossCategories() {
        EventFilter failures = EventFilter.parse("*FAILED,*.NODE_STUCK");

        assertTrue(failures.matches(EventType.of(ProgressPhase.FAILED)));
        assertTrue(failures.matches(EventType.of(ProgressPhase.DRAIN_FAILED)));
        assertTrue(failures.matches(EventType.of(DecisionType.NODE_STUCK)));
        assertFalse(failures.matches(EventType.of(ProgressPhase.DRAINED)));
    }

    @Test
    void refusesAPatternThatMatchesNoEventType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventFilter.parse("progress.*,decision.SLOT_GRANTD"));

        assertTrue(e.getMessage().contains("decision.SLOT_GRANTD"), e.getMessage());
    }
}
