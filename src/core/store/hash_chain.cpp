// The hash chain: what each entry covers and how it is checked (docs/progress-store.md, "Hash chain").
#include "core/store/hash_chain.hpp"
#include "core/store/progress_store.hpp"

#include "core/question_json.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace examsim::core {

namespace {

// Every column of every row, typed and length-prefixed so that no two different contents give the
// same text (a NUL or a separator inside a value cannot shift the fields).
std::string rowsText(SQLite::Statement& st) {
    std::string out;
    int rows = 0;
    while (st.executeStep()) {
        ++rows;
        for (int i = 0; i < st.getColumnCount(); ++i) {
            const SQLite::Column c = st.getColumn(i);
            if (c.isNull()) out += "N;";
            else if (c.isInteger()) out += fmt::format("i{};", c.getInt64());
            else if (c.isFloat()) out += fmt::format("r{};", c.getDouble());
            else {
                const std::string s = c.getString();
                out += fmt::format("t{}:", s.size()) + s + ";";
            }
        }
        out += "\n";
    }
    return fmt::format("{} rows\n", rows) + out;
}

std::string query(SQLite::Database& db, const char* sql, const std::string& param) {
    SQLite::Statement st(db, sql);
    st.bind(1, param);
    return rowsText(st);
}

// The content an entry covers, read as it is stored now.
std::string contentOf(SQLite::Database& db, const std::string& kind, const std::string& recordId) {
    if (kind == "attempt")
        return query(db,
                     "SELECT id, learner_id, profile_id, profile_title, mode, seed, banks, time_limit_minutes, "
                     "extra_time_percent, pass_mark_percent, credits_if_passed, started_at, finished_at, elapsed_ms, "
                     "status, score, max_score, percent, passed, credits, self_reported FROM attempts WHERE id = ?",
                     recordId) +
               query(db,
                     "SELECT position, question_id, snapshot_hash, option_order, premise_order, item_order, topic_group, "
                     "part, case_title, case_text FROM attempt_items WHERE attempt_id = ? ORDER BY position",
                     recordId);
    if (kind == "responses")
        return query(db,
                     "SELECT position, learner_id, question_id, topic, part, answer, flagged, checked, correct, earned, "
                     "time_ms, changes, answered_at, confidence FROM responses WHERE attempt_id = ? ORDER BY position",
                     recordId);
    return query(db,
                 "SELECT attempt_id, created_at, reason, delta, question_id, position, old_earned, new_earned, old_passed, "
                 "new_passed, key_hash, new_score, new_percent FROM adjustments WHERE id = CAST(? AS INTEGER)",
                 recordId);
}

std::string entryHash(const std::string& prev, const std::string& kind, const std::string& recordId, const std::string& content) {
    return sha256Hex(fmt::format("examsim-chain-v1\n{}\n{}\n{}\n", prev, kind, recordId) + content);
}

void append(SQLite::Database& db, const std::string& learnerId, const std::string& kind, const std::string& recordId) {
    SQLite::Statement last(db, "SELECT seq, hash FROM record_chain WHERE learner_id = ? ORDER BY seq DESC LIMIT 1");
    last.bind(1, learnerId);
    std::int64_t seq = 1;
    std::string prev;
    if (last.executeStep()) seq = last.getColumn(0).getInt64() + 1, prev = last.getColumn(1).getString();
    SQLite::Statement add(db, "INSERT INTO record_chain(learner_id, seq, kind, record_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)");
    add.bind(1, learnerId);
    add.bind(2, static_cast<int64_t>(seq));
    add.bind(3, kind);
    add.bind(4, recordId);
    add.bind(5, prev);
    add.bind(6, entryHash(prev, kind, recordId, contentOf(db, kind, recordId)));
    add.exec();
}

std::string learnerOfAttempt(SQLite::Database& db, const std::string& attemptId) {
    SQLite::Statement st(db, "SELECT learner_id FROM attempts WHERE id = ?");
    st.bind(1, attemptId);
    return st.executeStep() ? st.getColumn(0).getString() : std::string();
}

const char* describe(const std::string& kind) {
    if (kind == "attempt") return "attempt result";
    if (kind == "responses") return "responses of attempt";
    return "adjustment";
}

} // namespace

namespace chain_detail {

void appendAttempt(SQLite::Database& db, const std::string& attemptId) {
    const std::string learner = learnerOfAttempt(db, attemptId);
    if (learner.empty()) return;
    append(db, learner, "attempt", attemptId);
    append(db, learner, "responses", attemptId);
}

void appendAdjustment(SQLite::Database& db, std::int64_t adjustmentId) {
    SQLite::Statement st(db, "SELECT a.learner_id FROM adjustments j JOIN attempts a ON a.id = j.attempt_id WHERE j.id = ?");
    st.bind(1, static_cast<int64_t>(adjustmentId));
    if (st.executeStep()) append(db, st.getColumn(0).getString(), "adjustment", std::to_string(adjustmentId));
}

void rebuildLearner(SQLite::Database& db, const std::string& learnerId) {
    SQLite::Statement drop(db, "DELETE FROM record_chain WHERE learner_id = ?");
    drop.bind(1, learnerId);
    drop.exec();
    // (time, rank, order) per record: attempts when they finished, adjustments when they were made.
    std::vector<std::tuple<std::int64_t, int, std::int64_t, std::string>> events;
    SQLite::Statement a(db, "SELECT coalesce(finished_at, started_at), rowid, id FROM attempts WHERE learner_id = ? AND status != "
                            "'in_progress'");
    a.bind(1, learnerId);
    while (a.executeStep()) events.emplace_back(a.getColumn(0).getInt64(), 0, a.getColumn(1).getInt64(), a.getColumn(2).getString());
    SQLite::Statement j(db, "SELECT j.created_at, j.id FROM adjustments j JOIN attempts a ON a.id = j.attempt_id WHERE a.learner_id = ?");
    j.bind(1, learnerId);
    while (j.executeStep()) events.emplace_back(j.getColumn(0).getInt64(), 1, j.getColumn(1).getInt64(), "");
    std::sort(events.begin(), events.end());
    for (const auto& [time, rank, order, id] : events) {
        if (rank == 0) appendAttempt(db, id);
        else append(db, learnerId, "adjustment", std::to_string(order));
    }
}

void rebuildAll(SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT id FROM learners");
    std::vector<std::string> ids;
    while (st.executeStep()) ids.push_back(st.getColumn(0).getString());
    for (const auto& id : ids) rebuildLearner(db, id);
}

} // namespace chain_detail

void ProgressStore::rebuildChain(const std::string& learnerId) {
    SQLite::Transaction tx(*m_db);
    chain_detail::rebuildLearner(*m_db, learnerId);
    tx.commit();
}

ChainReport ProgressStore::verifyChains(const std::string& learnerId) const {
    ChainReport report;
    std::vector<std::string> learners;
    {
        SQLite::Statement st(*m_db, "SELECT id FROM learners WHERE ? = '' OR id = ? ORDER BY created_at, id");
        st.bind(1, learnerId);
        st.bind(2, learnerId);
        while (st.executeStep()) learners.push_back(st.getColumn(0).getString());
    }
    SQLite::Statement entries(*m_db, "SELECT seq, kind, record_id, prev_hash, hash FROM record_chain WHERE learner_id = ? ORDER BY seq");
    for (const auto& id : learners) {
        ++report.learners;
        std::string prev;
        std::int64_t expectSeq = 1;
        entries.bind(1, id);
        while (entries.executeStep()) {
            ++report.records;
            ChainProblem p;
            p.learnerId = id;
            p.seq = entries.getColumn(0).getInt64();
            p.kind = entries.getColumn(1).getString();
            p.recordId = entries.getColumn(2).getString();
            p.storedHash = entries.getColumn(4).getString();
            const std::string storedPrev = entries.getColumn(3).getString();
            p.recomputedHash = entryHash(storedPrev, p.kind, p.recordId, contentOf(*m_db, p.kind, p.recordId));
            const std::string what = fmt::format("record {} ({} {})", p.seq, describe(p.kind), p.recordId);
            if (p.seq != expectSeq || storedPrev != prev) {
                p.message = fmt::format("{}: the link to the record before it is broken (an entry of the chain was removed, "
                                        "reordered or edited)",
                                        what);
                report.problems.push_back(p);
            }
            if (p.recomputedHash != p.storedHash) {
                p.message = fmt::format("{}: changed since it was stored (stored hash {}, recomputed {})", what,
                                        p.storedHash.substr(0, 16), p.recomputedHash.substr(0, 16));
                report.problems.push_back(p);
            }
            prev = p.storedHash;
            expectSeq = p.seq + 1;
        }
        entries.reset();
    }
    // Finished records the chain does not know: written into the file by another program.
    SQLite::Statement missing(*m_db,
                              "SELECT a.learner_id, 'attempt', a.id FROM attempts a WHERE a.status != 'in_progress' "
                              "AND (?1 = '' OR a.learner_id = ?1) AND NOT EXISTS (SELECT 1 FROM record_chain c WHERE "
                              "c.kind = 'attempt' AND c.record_id = a.id AND c.learner_id = a.learner_id) "
                              "UNION ALL SELECT a.learner_id, 'adjustment', CAST(j.id AS TEXT) FROM adjustments j JOIN attempts a "
                              "ON a.id = j.attempt_id WHERE (?1 = '' OR a.learner_id = ?1) AND NOT EXISTS (SELECT 1 FROM "
                              "record_chain c WHERE c.kind = 'adjustment' AND c.record_id = CAST(j.id AS TEXT) AND "
                              "c.learner_id = a.learner_id)");
    missing.bind(1, learnerId);
    while (missing.executeStep()) {
        ChainProblem p;
        p.learnerId = missing.getColumn(0).getString();
        p.kind = missing.getColumn(1).getString();
        p.recordId = missing.getColumn(2).getString();
        p.message = fmt::format("{} {} is not in the chain (it was added outside the program)", describe(p.kind), p.recordId);
        report.problems.push_back(p);
    }
    return report;
}

} // namespace examsim::core
