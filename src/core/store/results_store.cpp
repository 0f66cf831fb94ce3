// The progress store's SQL for issue 8: marks and chosen options for item analysis, the items and
// adjustment records of regrades, and errata reports.
#include "core/question_json.hpp"
#include "core/store/progress_store.hpp"
#include "core/store/hash_chain.hpp"
#include "core/store/store_sql.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <unordered_map>

namespace examsim::core {

using store_detail::answerFromJson;
using store_detail::nowSeconds;

std::string_view nameOf(ErratumKind k) {
    switch (k) {
    case ErratumKind::KeyWrong:
        return "key-wrong";
    case ErratumKind::Unclear:
        return "unclear";
    case ErratumKind::Other:
        return "other";
    }
    return "other";
}

std::optional<ErratumKind> erratumKindFromString(std::string_view s) {
    for (auto k : {ErratumKind::KeyWrong, ErratumKind::Unclear, ErratumKind::Other})
        if (nameOf(k) == s) return k;
    return std::nullopt;
}

namespace {

// The latest adjusted mark of item (attempt c.id, position i.position), else the stored one.
#define EXAMSIM_ITEM_EARNED                                                                                  \
    "coalesce((SELECT j.new_earned FROM adjustments j WHERE j.attempt_id = i.attempt_id AND j.position = "   \
    "i.position "                                                                                            \
    "AND j.new_earned IS NOT NULL ORDER BY j.id DESC LIMIT 1), r.earned, 0)"

// The options whose choice item analysis counts: the choices a learner picks from.
ItemInfo optionsOf(const Question& q) {
    ItemInfo info{q.id, {}};
    switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
        for (const auto& o : q.options)
            info.options.push_back(
                {o.id, o.text, std::find(q.keyIds.begin(), q.keyIds.end(), o.id) != q.keyIds.end()});
        break;
    case QuestionType::TrueFalse:
        info.options = {{"true", "True", q.keyTrue}, {"false", "False", !q.keyTrue}};
        break;
    case QuestionType::AssertionReason:
        for (std::size_t k = 0; k < std::size(kAssertionReasonChoices); ++k) {
            const std::string id(1, static_cast<char>('a' + k));
            info.options.push_back(
                {id, std::string(kAssertionReasonChoices[k]), !q.keyIds.empty() && q.keyIds[0] == id});
        }
        break;
    case QuestionType::Matching:
    case QuestionType::Sequencing:
        break;
    }
    return info;
}

// Parsed snapshots by hash: an analysis meets the same few hundred snapshots on thousands of rows, so
// rows carry only the hash and each snapshot's JSON is read and parsed once.
class SnapshotCache {
  public:
    explicit SnapshotCache(SQLite::Database& db)
        : m_read(db, "SELECT json FROM question_snapshots WHERE hash = ?") {}
    const Question& get(const std::string& hash) {
        auto it = m_cache.find(hash);
        if (it != m_cache.end()) return it->second;
        m_read.bind(1, hash);
        const std::string json = m_read.executeStep() ? m_read.getColumn(0).getString() : std::string();
        m_read.reset();
        std::string error;
        auto q = questionFromJson(json, &error);
        if (!q) throw std::runtime_error("a stored question snapshot cannot be read: " + error);
        return m_cache.emplace(hash, std::move(*q)).first->second;
    }

  private:
    SQLite::Statement m_read;
    std::unordered_map<std::string, Question> m_cache;
};

} // namespace

MarksData ProgressStore::itemAnalysisData(const AnalysisFilter& f) const {
    SQLite::Statement st(
        *m_db,
        "WITH finished AS ("
        "  SELECT a.id, a.learner_id, a.profile_id, a.started_at, a.seed, a.rowid AS rid,"
        "    row_number() OVER (PARTITION BY a.learner_id, a.profile_id ORDER BY a.started_at, a.rowid) AS n"
        "  FROM attempts a WHERE a.mode = 'exam' AND a.status IN ('submitted', 'timed_out'))"
        " SELECT c.id, i.question_id, i.snapshot_hash, coalesce(r.answer, ''), " EXAMSIM_ITEM_EARNED
        " FROM finished c JOIN learners l ON l.id = c.learner_id"
        " JOIN attempt_items i ON i.attempt_id = c.id"
        " LEFT JOIN responses r ON r.attempt_id = i.attempt_id AND r.position = i.position"
        " WHERE (?1 = '' OR c.profile_id = ?1) AND (?2 IS NULL OR c.started_at >= ?2)"
        " AND (?3 IS NULL OR c.started_at < ?3) AND (?4 = '' OR l.team = ?4) AND (?5 = 0 OR c.n = 1) AND (?6 "
        "IS NULL OR c.seed = ?6)"
        " ORDER BY c.started_at, c.rid, i.position");
    st.bind(1, f.profileId);
    if (f.from) st.bind(2, static_cast<int64_t>(*f.from));
    if (f.to) st.bind(3, static_cast<int64_t>(*f.to));
    st.bind(4, f.team);
    st.bind(5, f.firstOnly ? 1 : 0);
    if (f.seed) st.bind(6, static_cast<int64_t>(*f.seed)); // stored as the same 64 bits
    MarksData data;
    SnapshotCache snapshots(*m_db);
    std::unordered_map<std::string, std::pair<std::size_t, std::string>>
        infoIndex; // question -> item, snapshot hash
    while (st.executeStep()) {
        const std::string attemptId = st.getColumn(0).getString();
        if (data.attempts.empty() || data.attempts.back().attemptId != attemptId)
            data.attempts.push_back({attemptId, {}});
        const std::string hash = st.getColumn(2).getString();
        const Question& q = snapshots.get(hash);
        ItemMark m{q.id, st.getColumn(4).getDouble(), q.marks, {}};
        const std::string answer = st.getColumn(3).getString();
        if (!answer.empty() && q.type != QuestionType::Matching && q.type != QuestionType::Sequencing)
            m.chosen = answerFromJson(answer).selected;
        data.attempts.back().items.push_back(std::move(m));
        // The newest snapshot of a question describes its options.
        auto [it, fresh] = infoIndex.try_emplace(q.id, data.items.size(), std::string());
        if (fresh) data.items.emplace_back();
        if (it->second.second != hash) data.items[it->second.first] = optionsOf(q), it->second.second = hash;
    }
    return data;
}

std::vector<RegradeItem> ProgressStore::regradeItems(const std::string& questionId) const {
    SQLite::Statement st(
        *m_db,
        "SELECT a.id, l.name, a.profile_id, a.started_at, i.position, i.snapshot_hash, coalesce(r.answer, "
        "''), " EXAMSIM_ITEM_EARNED ", " EXAMSIM_ADJ_SCORE
        ", coalesce(a.max_score, 0), a.pass_mark_percent, " EXAMSIM_ADJ_PASSED
        " FROM attempt_items i JOIN attempts a ON a.id = i.attempt_id JOIN learners l ON l.id = a.learner_id"
        " LEFT JOIN responses r ON r.attempt_id = i.attempt_id AND r.position = i.position"
        " WHERE i.question_id = ? AND a.status IN ('submitted', 'timed_out')"
        " ORDER BY a.started_at, a.rowid, i.position");
    st.bind(1, questionId);
    std::vector<RegradeItem> out;
    SnapshotCache snapshots(*m_db);
    while (st.executeStep()) {
        RegradeItem r;
        r.attemptId = st.getColumn(0).getString();
        r.learnerName = st.getColumn(1).getString();
        r.profileId = st.getColumn(2).getString();
        r.startedAt = st.getColumn(3).getInt64();
        r.position = static_cast<std::size_t>(st.getColumn(4).getInt64());
        r.snapshot = snapshots.get(st.getColumn(5).getString());
        const std::string answer = st.getColumn(6).getString();
        if (!answer.empty()) r.answer = answerFromJson(answer);
        r.currentEarned = st.getColumn(7).getDouble();
        r.score = st.getColumn(8).getDouble();
        r.maxScore = st.getColumn(9).getDouble();
        r.passMarkPercent = st.getColumn(10).getDouble();
        r.passed = st.getColumn(11).getInt() != 0;
        out.push_back(std::move(r));
    }
    return out;
}

void ProgressStore::appendAdjustments(const std::vector<AdjustmentRecord>& records) {
    SQLite::Transaction tx(*m_db);
    SQLite::Statement st(
        *m_db,
        "INSERT INTO adjustments(attempt_id, created_at, reason, delta, question_id, position, old_earned, "
        "new_earned, old_passed, new_passed, key_hash, new_score, new_percent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& r : records) {
        st.bind(1, r.attemptId);
        st.bind(2, static_cast<int64_t>(r.createdAt ? r.createdAt : nowSeconds()));
        st.bind(3, r.reason);
        st.bind(4, r.delta());
        st.bind(5, r.questionId);
        st.bind(6, static_cast<int64_t>(r.position));
        st.bind(7, r.oldEarned);
        st.bind(8, r.newEarned);
        st.bind(9, r.oldPassed ? 1 : 0);
        st.bind(10, r.newPassed ? 1 : 0);
        st.bind(11, r.keyHash);
        st.bind(12, r.newScore);
        st.bind(13, r.newPercent);
        st.exec();
        st.reset();
        chain_detail::appendAdjustment(*m_db, m_db->getLastInsertRowid());
    }
    tx.commit();
}

std::vector<AdjustmentRecord> ProgressStore::adjustments(const std::string& attemptId) const {
    SQLite::Statement st(
        *m_db,
        "SELECT attempt_id, coalesce(question_id, ''), coalesce(position, 0), coalesce(old_earned, 0), "
        "coalesce(new_earned, delta), coalesce(old_passed, 0), coalesce(new_passed, 0), coalesce(key_hash, "
        "''), "
        "reason, created_at, coalesce(new_score, 0), coalesce(new_percent, 0) FROM adjustments WHERE "
        "attempt_id = ? "
        "ORDER BY id");
    st.bind(1, attemptId);
    std::vector<AdjustmentRecord> out;
    while (st.executeStep()) {
        AdjustmentRecord r;
        r.attemptId = st.getColumn(0).getString();
        r.questionId = st.getColumn(1).getString();
        r.position = static_cast<std::size_t>(st.getColumn(2).getInt64());
        r.oldEarned = st.getColumn(3).getDouble();
        r.newEarned = st.getColumn(4).getDouble();
        r.oldPassed = st.getColumn(5).getInt() != 0;
        r.newPassed = st.getColumn(6).getInt() != 0;
        r.keyHash = st.getColumn(7).getString();
        r.reason = st.getColumn(8).getString();
        r.createdAt = st.getColumn(9).getInt64();
        r.newScore = st.getColumn(10).getDouble();
        r.newPercent = st.getColumn(11).getDouble();
        out.push_back(std::move(r));
    }
    return out;
}

std::int64_t ProgressStore::addErratum(const Erratum& e) {
    SQLite::Statement st(
        *m_db, "INSERT INTO errata(learner_id, question_id, attempt_id, position, kind, text, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (e.learnerId.empty())
        st.bind(1);
    else
        st.bind(1, e.learnerId);
    st.bind(2, e.questionId);
    if (e.attemptId.empty())
        st.bind(3);
    else
        st.bind(3, e.attemptId);
    if (e.position)
        st.bind(4, static_cast<int64_t>(*e.position));
    else
        st.bind(4);
    st.bind(5, std::string(nameOf(e.kind)));
    st.bind(6, e.text);
    st.bind(7, static_cast<int64_t>(e.createdAt ? e.createdAt : nowSeconds()));
    st.exec();
    return m_db->getLastInsertRowid();
}

namespace {
constexpr const char* kErratumColumns =
    "e.id, coalesce(e.learner_id, ''), coalesce(l.name, ''), e.question_id, coalesce(e.attempt_id, ''), "
    "e.position, e.kind, e.text, "
    "e.created_at, coalesce(e.resolved_at, 0), e.resolution FROM errata e LEFT JOIN learners l ON l.id = "
    "e.learner_id";

Erratum readErratum(SQLite::Statement& st) {
    Erratum e;
    e.id = st.getColumn(0).getInt64();
    e.learnerId = st.getColumn(1).getString();
    e.learnerName = st.getColumn(2).getString();
    e.questionId = st.getColumn(3).getString();
    e.attemptId = st.getColumn(4).getString();
    if (!st.getColumn(5).isNull()) e.position = static_cast<std::size_t>(st.getColumn(5).getInt64());
    e.kind = erratumKindFromString(st.getColumn(6).getString()).value_or(ErratumKind::Other);
    e.text = st.getColumn(7).getString();
    e.createdAt = st.getColumn(8).getInt64();
    e.resolvedAt = st.getColumn(9).getInt64();
    e.resolution = st.getColumn(10).getString();
    return e;
}
} // namespace

std::vector<Erratum> ProgressStore::errata(bool includeResolved) const {
    SQLite::Statement st(*m_db, std::string("SELECT ") + kErratumColumns +
                                    " WHERE ? = 1 OR e.resolved_at IS NULL ORDER BY e.id");
    st.bind(1, includeResolved ? 1 : 0);
    std::vector<Erratum> out;
    while (st.executeStep()) out.push_back(readErratum(st));
    return out;
}

std::optional<Erratum> ProgressStore::erratum(std::int64_t id) const {
    SQLite::Statement st(*m_db, std::string("SELECT ") + kErratumColumns + " WHERE e.id = ?");
    st.bind(1, static_cast<int64_t>(id));
    if (st.executeStep()) return readErratum(st);
    return std::nullopt;
}

bool ProgressStore::resolveErratum(std::int64_t id, const std::string& resolution) {
    SQLite::Statement st(
        *m_db, "UPDATE errata SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL");
    st.bind(1, static_cast<int64_t>(nowSeconds()));
    st.bind(2, resolution);
    st.bind(3, static_cast<int64_t>(id));
    return st.exec() == 1;
}

} // namespace examsim::core
