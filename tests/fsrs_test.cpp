// FSRS-6 against the reference implementation's published values and a sequence computed by hand.
#include "core/fsrs.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace examsim::core;

TEST_CASE("fsrs: the memory state of the ts-fsrs FSRS-6 test vector") {
    // open-spaced-repetition/ts-fsrs, __tests__/FSRS-6.test.ts, "memory state[short-term]" (the same
    // vector as fsrs-rs src/inference.rs): default FSRS-6 weights, ratings Again, Good x5 at 0, 0, 1, 3, 8
    // and 21 days after the previous review give stability 53.62691 and difficulty 6.3574867.
    const Fsrs f;
    const Rating ratings[] = {Rating::Again, Rating::Good, Rating::Good,
                              Rating::Good,  Rating::Good, Rating::Good};
    const double gaps[] = {0, 0, 1, 3, 8, 21};
    std::optional<MemoryState> s;
    for (int i = 0; i < 6; ++i) s = f.next(s, gaps[i], ratings[i]);
    CHECK(s->stability == doctest::Approx(53.62691).epsilon(1e-6));
    CHECK(s->difficulty == doctest::Approx(6.3574867).epsilon(1e-6));
}

TEST_CASE("fsrs: first ratings and retrievability as in ts-fsrs") {
    // ts-fsrs __tests__/FSRS-6.test.ts "first repeat": stability w0..w3, difficulty
    // [6.4133, 5.11217071, 2.11810397, 1]; "get retrievability": 0.9024733 for an Easy card at its due
    // date (8.2956 stability, 8 days).
    const Fsrs f;
    const Rating all[] = {Rating::Again, Rating::Hard, Rating::Good, Rating::Easy};
    const double stability[] = {0.212, 1.2931, 2.3065, 8.2956};
    const double difficulty[] = {6.4133, 5.11217071, 2.11810397, 1.0};
    for (int i = 0; i < 4; ++i) {
        const MemoryState m = f.initial(all[i]);
        CHECK(m.stability == doctest::Approx(stability[i]));
        CHECK(m.difficulty == doctest::Approx(difficulty[i]).epsilon(1e-8));
    }
    CHECK(f.interval(8.2956) == 8);
    CHECK(f.retrievability({8.2956, 1.0}, 8) == doctest::Approx(0.9024733).epsilon(1e-6));
    CHECK(f.retrievability({8.2956, 1.0}, 0) == doctest::Approx(1.0));
}

TEST_CASE("fsrs: a hand-computed sequence Good Good Again Hard Easy") {
    // Default FSRS-6 weights w0..w20 (fsrs.hpp). DECAY = -w20 = -0.1542, FACTOR = 0.9^(1/DECAY) - 1 =
    // 0.98034649. At desired retention 0.9 the interval is the stability, rounded (min 1 day).
    const Fsrs f;
    // 1. Good, first answer: S = w2 = 2.3065; D = w4 - e^(w5*(3-1)) + 1 = 6.4133 - e^1.6668 + 1 = 2.11810397.
    //    Interval round(2.3065) = 2 days.
    MemoryState s = f.next(std::nullopt, 0, Rating::Good);
    CHECK(s.stability == doctest::Approx(2.3065));
    CHECK(s.difficulty == doctest::Approx(2.11810397).epsilon(1e-8));
    CHECK(f.interval(s.stability) == 2);
    // 2. Good after 2 days: R = (1 + FACTOR*2/2.3065)^-0.1542 = 0.90949326.
    //    SInc - 1 = e^w8 * (11 - D) * S^-w9 * (e^((1-R)*w10) - 1) = 6.5022 * 8.8819 * 0.87003 * 0.07470
    //    = 3.75366674 S = 2.3065 * 4.75366674 = 10.96433234. D: Good changes nothing before mean reversion:
    //    D = w7 * D0(Easy) + (1 - w7) * D = 0.001 * (-4.77163070) + 0.999 * 2.11810397 = 2.11121424.
    //    Interval 11.
    s = f.next(s, 2, Rating::Good);
    CHECK(f.retrievability({2.3065, 0}, 2) == doctest::Approx(0.90949326).epsilon(1e-8));
    CHECK(s.stability == doctest::Approx(10.96433234).epsilon(1e-8));
    CHECK(s.difficulty == doctest::Approx(2.11121424).epsilon(1e-8));
    CHECK(f.interval(s.stability) == 11);
    // 3. Again after 10 days: R = 0.90619915. Long-term forget stability
    //    w11 * D^-w12 * ((S+1)^w13 - 1) * e^((1-R)*w14) = 1.52213815; short-term bound S / e^(w17*w18) =
    //    10.43506208; S = min = 1.52213815. D: damped 2.1112 + (10 - 2.1112) * (2*w6)/9 = 7.40441418, then
    //    0.001 * (-4.77163070) + 0.999 * 7.40441418 = 7.39223813. Interval round(1.52) = 2.
    s = f.next(s, 10, Rating::Again);
    CHECK(s.stability == doctest::Approx(1.52213815).epsilon(1e-8));
    CHECK(s.difficulty == doctest::Approx(7.39223813).epsilon(1e-8));
    CHECK(f.interval(s.stability) == 2);
    // 4. Hard after 1 day: R = 0.92620164; SInc - 1 (with hard penalty w15) = 0.79591885;
    //    S = 1.52213815 * 1.79591885 = 2.73363660; D = 8.25407452. Interval 3.
    s = f.next(s, 1, Rating::Hard);
    CHECK(s.stability == doctest::Approx(2.73363660).epsilon(1e-8));
    CHECK(s.difficulty == doctest::Approx(8.25407452).epsilon(1e-8));
    CHECK(f.interval(s.stability) == 3);
    // 5. Easy after 3 days: R = 0.89348592; SInc - 1 (with easy bonus w16) = 2.50258868;
    //    S = 2.7336366 * 3.50258868 = 9.57480461; D = 7.65589595. Interval 10.
    s = f.next(s, 3, Rating::Easy);
    CHECK(s.stability == doctest::Approx(9.57480461).epsilon(1e-8));
    CHECK(s.difficulty == doctest::Approx(7.65589595).epsilon(1e-8));
    CHECK(f.interval(s.stability) == 10);
}

TEST_CASE("fsrs: same-day reviews use the short-term formula") {
    // Good: SInc = e^(w17*(0 + w18)) * S^-w19 = e^0.04948 * 2.3065^-0.0658 = 0.99449, raised to 1: S stays.
    // Again: e^(w17*(-2 + w18)) * S^-w19 = 0.33604: S = 2.3065 * 0.33604 = 0.77508398.
    const Fsrs f;
    const MemoryState good = f.initial(Rating::Good);
    CHECK(f.next(good, 0, Rating::Good).stability == doctest::Approx(2.3065));
    CHECK(f.next(good, 0, Rating::Again).stability == doctest::Approx(0.77508398).epsilon(1e-7));
}

TEST_CASE("fsrs: desired retention and the maximum interval") {
    FsrsParameters p;
    p.desiredRetention = 0.8;
    // S / FACTOR * (0.8^(1/DECAY) - 1) = 100 / 0.98034649 * 3.2507 = 331.596 -> 332 days.
    CHECK(Fsrs(p).interval(100) == 332);
    p.maximumInterval = 30;
    CHECK(Fsrs(p).interval(100) == 30);
    CHECK(Fsrs().interval(0.2) == 1); // never under one day
}

TEST_CASE("fsrs: fuzz ranges and deterministic fuzz") {
    const Fsrs f;
    // py-fsrs FUZZ_RANGES: delta = 1 + 0.15 * (min(d,7) - 2.5) + 0.1 * (min(d,20) - 7) + 0.05 * (d - 20).
    CHECK(f.fuzzRange(3) == std::pair{2, 4});      // delta 1.075
    CHECK(f.fuzzRange(10) == std::pair{8, 12});    // delta 1 + 0.675 + 0.3 = 1.975
    CHECK(f.fuzzRange(100) == std::pair{93, 107}); // delta 1 + 0.675 + 1.3 + 4 = 6.975
    CHECK(f.fuzzedInterval(2, 123) == 2);          // no fuzz under 2.5 days
    std::set<int> seen;
    for (int n = 1; n <= 200; ++n) {
        const int d = f.fuzzedInterval(100, fuzzSeed("learner", "Q-1", n));
        CHECK(d >= 93);
        CHECK(d <= 107);
        seen.insert(d);
    }
    CHECK(seen.size() == 15); // every day of the range occurs
    CHECK(f.fuzzedInterval(100, fuzzSeed("learner", "Q-1", 7)) ==
          f.fuzzedInterval(100, fuzzSeed("learner", "Q-1", 7)));
    CHECK(fuzzSeed("ab", "c", 1) != fuzzSeed("a", "bc", 1));
    FsrsParameters off;
    off.fuzz = false;
    CHECK(Fsrs(off).fuzzedInterval(100, 99) == 100);
}
