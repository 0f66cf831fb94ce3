#include "core/recorded_attempt.hpp"

#include "core/bank_set.hpp"

#include <fmt/format.h>

namespace examsim::core {

namespace {

constexpr std::int64_t kCheckpointEveryMs = 5000;

bool sameRecord(const ItemState& a, const ItemState& b) {
    return a.answer == b.answer && a.flagged == b.flagged && a.checked == b.checked && a.confidence == b.confidence;
}

std::string bankList(const BankSet& banks) {
    std::string s;
    for (const auto& b : banks.banks()) s += (s.empty() ? "" : ", ") + b.info.id + "@" + b.info.version;
    return s;
}

} // namespace

RecordedAttempt::RecordedAttempt(ProgressStore* store, std::string id, AttemptMeta meta, std::unique_ptr<ExamSession> session,
                                 const Clock& clock)
    : m_store(store), m_id(std::move(id)), m_meta(std::move(meta)), m_session(std::move(session)), m_clock(clock) {
    m_saved.reserve(m_session->size());
    for (std::size_t i = 0; i < m_session->size(); ++i) m_saved.push_back(m_session->state(i));
    m_lastCheckpoint = m_clock.nowMs();
}

RecordedAttempt::~RecordedAttempt() {
    try {
        close();
    } catch (...) {
        // A destructor must not throw; close() already reports through warning().
    }
}

std::variant<std::unique_ptr<RecordedAttempt>, std::string> RecordedAttempt::start(ProgressStore* store, const Learner& learner,
                                                                                   const BankSet& banks, const ProfileSet& profiles,
                                                                                   const AttemptRequest& request, const Clock& clock) {
    std::unique_ptr<StoreHistory> history;
    if (store && request.preferUnseen) history = std::make_unique<StoreHistory>(*store, learner.id);
    AssemblyOptions ao;
    ao.seed = request.seed;
    ao.history = history.get();
    if (!request.preferUnseen) ao.preference = HistoryPreference::Random;

    AttemptMeta meta;
    meta.mode = request.mode;
    meta.seed = request.seed;
    meta.banks = bankList(banks);
    meta.config.mode = request.mode;
    meta.config.extraTimePercent = request.extraTimePercent;
    std::variant<Paper, AssemblyError> paper;
    try {
        if (request.prebuilt) {
            paper = *request.prebuilt;
            meta.profileId = request.profileId.empty() ? "custom" : request.profileId;
            meta.profileTitle = request.title.empty() ? "Custom paper" : request.title;
            meta.config.passMarkPercent = 65;
        } else if (request.mode == Mode::Drill) {
            paper = assembleDrill(banks, request.drill, ao);
            meta.profileId = "drill";
            meta.profileTitle = "Custom drill";
            meta.config.passMarkPercent = 65;
        } else {
            const ExamProfile* profile = profiles.find(request.profileId);
            if (!profile) return fmt::format("There is no exam profile \"{}\".", request.profileId);
            paper = assemblePaper(banks, *profile, ao);
            meta.profileId = profile->id;
            meta.profileTitle = profile->title;
            meta.config.passMarkPercent = profile->passMarkPercent;
            meta.config.creditsIfPassed = profile->credits;
            if (request.mode == Mode::Exam) meta.config.timeLimitMinutes = profile->timeLimitMinutes;
        }
    } catch (const std::exception& e) {
        return std::string("Your history could not be read: ") + e.what();
    }
    if (const auto* err = std::get_if<AssemblyError>(&paper)) return err->message;

    std::string id, warning;
    if (store) {
        try {
            id = store->startAttempt(learner, std::get<Paper>(paper), meta);
            store->acquireLease(id);
        } catch (const std::exception& e) {
            id.clear();
            warning = std::string("This attempt cannot be saved (") + e.what() + "); it runs in memory only.";
        }
    } else {
        warning = "No progress database is open: this attempt runs in memory only.";
    }
    auto session = std::make_unique<ExamSession>(std::move(std::get<Paper>(paper)), meta.config, clock);
    std::unique_ptr<RecordedAttempt> a(new RecordedAttempt(id.empty() ? nullptr : store, id, std::move(meta), std::move(session), clock));
    a->m_warning = warning;
    return a;
}

std::variant<std::unique_ptr<RecordedAttempt>, std::string> RecordedAttempt::resume(ProgressStore& store, const std::string& attemptId,
                                                                                    const Clock& clock) {
    try {
        const auto stored = store.attempt(attemptId);
        if (!stored) return "That attempt is not in the progress database.";
        if (stored->status != "in_progress") return "That attempt is finished; it can be reviewed but not resumed.";
        if (!store.acquireLease(attemptId))
            return "This attempt is open in another running copy of ExamSim. Close it there, or wait 30 seconds after it stopped.";
        auto session = std::make_unique<ExamSession>(store.loadPaper(attemptId), stored->meta.config, clock);
        session->restore(store.loadStates(attemptId), stored->elapsedMs, stored->current);
        for (std::size_t k = 0; k < session->size(); ++k) {
            const std::size_t i = (stored->current + k) % session->size();
            if (session->state(i).answer.empty()) {
                session->go(i);
                break;
            }
        }
        return std::unique_ptr<RecordedAttempt>(new RecordedAttempt(&store, attemptId, stored->meta, std::move(session), clock));
    } catch (const std::exception& e) {
        return std::string("The attempt could not be read: ") + e.what();
    }
}

void RecordedAttempt::sync(bool forceCheckpoint) {
    if (!m_store || m_closed) return;
    auto& s = *m_session;
    try {
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (sameRecord(s.state(i), m_saved[i])) continue;
            m_store->recordResponse(m_id, i, s.item(i), s.state(i), s.elapsedMs());
            m_saved[i] = s.state(i);
            ++m_writes;
            m_lastCheckpoint = m_clock.nowMs();
        }
        if (s.finished()) {
            if (!m_resultStored) {
                // Times per question are charged on submission: store them with the result.
                for (std::size_t i = 0; i < s.size(); ++i)
                    if (!s.state(i).answer.empty() || s.state(i).flagged) m_store->recordResponse(m_id, i, s.item(i), s.state(i), s.elapsedMs());
                m_store->finishAttempt(m_id, s.status(), s.result());
                m_store->releaseLease(m_id);
                m_resultStored = true;
                ++m_writes;
            }
        } else if (forceCheckpoint || m_clock.nowMs() - m_lastCheckpoint >= kCheckpointEveryMs) {
            m_store->checkpoint(m_id, s.elapsedMs(), s.current());
            m_store->acquireLease(m_id); // renew: this copy still holds the attempt
            m_lastCheckpoint = m_clock.nowMs();
            ++m_writes;
        }
        m_warning.clear();
    } catch (const std::exception& e) {
        m_warning = std::string("Your last change could not be saved (") + e.what() +
                    "). The exam goes on in memory; it is saved again as soon as the disk allows.";
    }
}

void RecordedAttempt::close() {
    if (m_closed) return;
    sync(true);
    m_closed = true;
    if (!m_store || m_resultStored) return;
    try {
        m_store->releaseLease(m_id);
    } catch (const std::exception& e) {
        m_warning = std::string("The attempt could not be released (") + e.what() + ")";
    }
}

std::optional<StoredResult> loadResult(const ProgressStore& store, const std::string& attemptId) {
    auto a = store.attempt(attemptId);
    if (!a) return std::nullopt;
    StoredResult r;
    r.attempt = *a;
    r.paper = store.loadPaper(attemptId);
    r.states = store.loadStates(attemptId);
    r.states.resize(r.paper.items.size());
    std::vector<Answer> answers;
    std::vector<std::int64_t> times;
    for (const auto& s : r.states) {
        answers.push_back(s.answer);
        times.push_back(s.timeMs);
    }
    ScoringRules rules;
    rules.passMarkPercent = a->meta.config.passMarkPercent;
    rules.creditsIfPassed = a->meta.mode == Mode::Exam ? a->meta.config.creditsIfPassed : 0;
    r.result = scorePaper(r.paper, answers, times, rules, a->elapsedMs);
    return r;
}

} // namespace examsim::core
