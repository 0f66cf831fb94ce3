// The credit ledger: which practice passes carry an ITIL Expert credit equivalent, their sum, and how
// they would count as complementary credits under the ITIL v3 (2011) credit system (superseded).
#pragma once

#include "core/profile.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace examsim::core {

// The ITIL v3 (2011) credit system, as historical context for planning.
inline constexpr double kComplementaryCreditCap = 6; // at most this many complementary credits count
inline constexpr double kCreditsBeforeMalc = 17;     // needed before Managing Across the Lifecycle
inline constexpr double kCreditsForExpert = 22;      // ITIL Expert
inline constexpr double kItilFoundationCredits = 2;  // mandatory
inline constexpr double kMalcCredits = 5;            // mandatory

struct CreditEntry {
    std::string attemptId;
    std::string profileId;
    std::string profileTitle;
    std::string level; // the level the pass is for (the profile id when the profile is unknown)
    std::int64_t passedAt = 0;
    double percent = 0;
    double equivalent = 0; // the profile's credit equivalent, recorded with the attempt
    double earned = 0;     // equivalent for the first pass of a level, 0 for a repeated pass
    bool repeat = false;
};

struct CreditLedger {
    std::vector<CreditEntry> entries; // every pass that carries credits, oldest first
    double total = 0;                 // sum of `earned`
    double counted = 0;               // min(total, kComplementaryCreditCap)
    bool capped() const { return total > counted; }
};

// Whether an attempt carries a credit equivalent: a pass of a finished exam-mode attempt on a profile
// whose credit equivalent (recorded when the attempt started) is above 0. Bridge papers and quick
// quizzes carry 0; study and drills never earn.
bool carriesCredit(const StoredAttempt& attempt);

// From a learner's attempts (any order). `profiles` maps profile ids to levels; without it, or for a
// profile it does not know, each profile id is its own level.
CreditLedger buildCreditLedger(const std::vector<StoredAttempt>& attempts,
                               const ProfileSet* profiles = nullptr);

// The statements every ledger shows, word for word (docs/reports.md quotes them).
const std::vector<std::string>& creditCaveats();
// "2.5 credit equivalents; 2.5 of at most 6 count as complementary credits ..." for the ledger.
std::string creditSummary(const CreditLedger& ledger);

} // namespace examsim::core
