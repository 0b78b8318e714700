package dev.kreboot.executor.app;

import org.apache.avro.specific.SpecificRecord;

/** What the command consumer feeds: see {@link NodeExecutor}. */
public interface CommandTarget {
    void submit(SpecificRecord command);

    void resume();
}
