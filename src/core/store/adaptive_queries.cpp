// Issue 9: the store's queries for adaptive study (FSRS replay, calibration, readiness).
#include "core/question_json.hpp"
#include "core/store/store_internal.hpp"
#include "core/store/progress_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace examsim::core {

std::vector<ReviewRecord> ProgressStore::reviewRecords(const std::string& learnerId) const {
    SQLite::Statement st(
        *m_db,
        "SELECT r.question_id, r.topic, coalesce(json_extract(s.json, '$.level'), ''), "
        "coalesce(json_extract(s.json, '$.type'), ''), i.snapshot_hash, r.correct, r.flagged, "
        "coalesce(r.confidence, -1), r.time_ms, r.answered_at "
        "FROM responses r JOIN attempt_items i ON i.attempt_id = r.attempt_id AND i.position = r.position "
        "JOIN question_snapshots s ON s.hash = i.snapshot_hash "
        "WHERE r.learner_id = ? AND r." EXAMSIM_ANSWERED_SQL " ORDER BY r.answered_at, r.rowid");
    st.bind(1, learnerId);
    std::vector<ReviewRecord> out;
    while (st.executeStep()) {
        ReviewRecord r;
        r.questionId = st.getColumn(0).getString();
        r.topic = st.getColumn(1).getString();
        r.level = st.getColumn(2).getString();
        r.type = st.getColumn(3).getString();
        r.snapshotHash = st.getColumn(4).getString();
        r.correct = st.getColumn(5).getInt() != 0;
        r.flagged = st.getColumn(6).getInt() != 0;
        r.confidence = st.getColumn(7).getInt();
        r.timeMs = st.getColumn(8).getInt64();
        r.answeredAt = st.getColumn(9).getInt64();
        out.push_back(std::move(r));
    }
    return out;
}

std::unordered_map<std::string, std::string>
ProgressStore::snapshotFingerprints(const std::string& learnerId) const {
    SQLite::Statement st(
        *m_db, "SELECT s.hash, s.json FROM question_snapshots s WHERE s.hash IN ("
               "SELECT i.snapshot_hash FROM responses r JOIN attempt_items i "
               "ON i.attempt_id = r.attempt_id AND i.position = r.position WHERE r.learner_id = ?)");
    st.bind(1, learnerId);
    std::unordered_map<std::string, std::string> out;
    while (st.executeStep()) {
        const auto q = questionFromJson(st.getColumn(1).getString());
        out[st.getColumn(0).getString()] = q ? keyFingerprint(*q) : std::string();
    }
    return out;
}

} // namespace examsim::core
