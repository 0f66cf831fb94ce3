#include "core/adaptive_store.hpp"

namespace examsim::core {

std::vector<CardState> learnerCards(const ProgressStore& store, const BankSet& banks,
                                    const std::string& learnerId, std::int64_t now,
                                    const FsrsParameters& fsrs) {
    ReplayOptions o;
    o.fsrs = fsrs;
    o.learnerId = learnerId;
    o.now = now;
    return replayCards(store.reviewRecords(learnerId), o, store.snapshotFingerprints(learnerId),
                       currentFingerprints(banks));
}

std::variant<DueSession, AssemblyError> buildDueSession(const ProgressStore& store, const BankSet& banks,
                                                        const std::string& learnerId,
                                                        const DueSessionSpec& spec) {
    std::unordered_map<std::string, double> shares;
    for (const auto& m : store.topicMastery(learnerId)) shares[m.topic] = m.share();
    return assembleDueSession(banks, learnerCards(store, banks, learnerId, spec.now), shares, spec);
}

} // namespace examsim::core
