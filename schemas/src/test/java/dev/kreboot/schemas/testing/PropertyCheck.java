package dev.kreboot.schemas.testing;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small, seeded property-based test runner: generates {@code tries} inputs from a seeded
 * {@link Random} and checks each. Deterministic by default (seed from {@code -Dkreboot.seed} or
 * the given one); a failure names the seed, the try and the input, so it can be replayed.
 */
public final class PropertyCheck {
    private PropertyCheck() {
    }

    public static <T> void forAll(String property, int tries, long defaultSeed,
                                  Function<Random, T> generator, Consumer<T> check) {
        long seed = Long.getLong("kreboot.seed", defaultSeed);
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + " failed on try " + i + " with seed " + seed
                        + " (rerun with -Dkreboot.seed=" + seed + "); input: " + describe(input), e);
            }
        }
    }

    private static String describe(Object input) {
        if (input instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return String.valueOf(input);
    }
}
