#include "core/report/credit_ledger.hpp"

#include "core/report/report_text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace examsim::core {

bool carriesCredit(const StoredAttempt& a) {
    return a.meta.mode == Mode::Exam && (a.status == "submitted" || a.status == "timed_out") && a.passed &&
           a.meta.config.creditsIfPassed > 0;
}

CreditLedger buildCreditLedger(const std::vector<StoredAttempt>& attempts, const ProfileSet* profiles) {
    std::vector<const StoredAttempt*> passes;
    for (const auto& a : attempts)
        if (carriesCredit(a)) passes.push_back(&a);
    std::stable_sort(passes.begin(), passes.end(), [](const StoredAttempt* x, const StoredAttempt* y) {
        return x->finishedAt != y->finishedAt ? x->finishedAt < y->finishedAt : x->id < y->id;
    });
    CreditLedger ledger;
    std::set<std::string> levelsPassed;
    for (const StoredAttempt* a : passes) {
        CreditEntry e;
        e.attemptId = a->id;
        e.profileId = a->meta.profileId;
        e.profileTitle = a->meta.profileTitle;
        e.level = a->meta.profileId;
        if (const ExamProfile* p = profiles ? profiles->find(a->meta.profileId) : nullptr;
            p && p->levels.size() == 1)
            e.level = std::string(nameOf(p->levels.front()));
        e.passedAt = a->finishedAt;
        e.percent = a->percent;
        e.equivalent = a->meta.config.creditsIfPassed;
        e.repeat = !levelsPassed.insert(e.level).second;
        e.earned = e.repeat ? 0 : e.equivalent;
        ledger.total += e.earned;
        ledger.entries.push_back(std::move(e));
    }
    ledger.counted = std::min(ledger.total, kComplementaryCreditCap);
    return ledger;
}

const std::vector<std::string>& creditCaveats() {
    static const std::vector<std::string> kCaveats = {
        "The ITIL v3 (2011) credit system shown here was superseded by ITIL 4 in 2019; it is historical "
        "context.",
        "A practice pass in ExamSim 20000 is not a certificate: only an accredited examination institute "
        "awards "
        "qualifications and credits.",
        "Credits here are equivalents for planning: what the corresponding ISO/IEC 20000 qualification "
        "carried as a "
        "complementary qualification.",
        "\"Practitioner\" here is the ISO/IEC 20000 Practitioner, not ITIL Practitioner.",
    };
    return kCaveats;
}

std::string creditSummary(const CreditLedger& l) {
    return fmt::format(
        "{} credit equivalent{} from practice passes; at most {} complementary credits count, so {} "
        "{} toward the {} credits needed before Managing Across the Lifecycle (MALC), within the {} "
        "of ITIL Expert, where ITIL Foundation ({}) and MALC ({}) are mandatory.",
        formatNumber(l.total), l.total == 1 ? "" : "s", formatNumber(kComplementaryCreditCap),
        formatNumber(l.counted), l.counted == 1 ? "counts" : "count", formatNumber(kCreditsBeforeMalc),
        formatNumber(kCreditsForExpert), formatNumber(kItilFoundationCredits), formatNumber(kMalcCredits));
}

} // namespace examsim::core
