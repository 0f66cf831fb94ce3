// The progress store's SQL for issue 8: marks and chosen options for item analysis, the items and
// adjustment records of regrades, and errata reports.
#include "core/question_json.hpp"
#include "core/store/hash_chain.hpp"
#include "core/store/progress_store.hpp"
#include "core/store/store_sql.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <future>
#include <iterator>
#include <memory>
#include <optional>
#include <sqlite3.h>
#include <stdexcept>
#include <string_view>
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

struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Parsed snapshots by hash: an analysis meets the same few hundred snapshots on thousands of rows, so
// rows carry only the hash and each snapshot's JSON is read and parsed once. Looked up by the row's
// text without copying it (issue 10: a million rows).
class SnapshotCache {
  public:
    explicit SnapshotCache(SQLite::Database& db)
        : m_read(db, "SELECT json FROM question_snapshots WHERE hash = ?") {}
    const Question& get(std::string_view hash) { return entry(hash).second; }
    // The hash as stored (one string per snapshot, at a stable address) and the question.
    const std::pair<const std::string, Question>& entry(std::string_view hash) {
        auto it = m_cache.find(hash);
        if (it != m_cache.end()) return *it;
        m_read.bind(1, std::string(hash));
        const std::string json = m_read.executeStep() ? m_read.getColumn(0).getString() : std::string();
        m_read.reset();
        std::string error;
        auto q = questionFromJson(json, &error);
        if (!q) throw std::runtime_error("a stored question snapshot cannot be read: " + error);
        return *m_cache.emplace(std::string(hash), std::move(*q)).first;
    }

  private:
    SQLite::Statement m_read;
    std::unordered_map<std::string, Question, TextHash, std::equal_to<>> m_cache;
};

// A prepared statement used through SQLite's own API, for scans of a million rows: SQLiteCpp's Column
// copies a shared pointer on every access.
class RawScan {
  public:
    RawScan(SQLite::Database& db, const char* sql) : m_db(db.getHandle()) {
        const int rc = sqlite3_prepare_v2(m_db, sql, -1, &m_stmt, nullptr);
        if (rc != SQLITE_OK) throw SQLite::Exception(m_db, rc);
    }
    ~RawScan() { sqlite3_finalize(m_stmt); }
    RawScan(const RawScan&) = delete;
    RawScan& operator=(const RawScan&) = delete;
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) throw SQLite::Exception(m_db, rc);
        return false;
    }
    sqlite3_stmt* row() const { return m_stmt; }

  private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// A text column of the current row, valid until the next step.
std::string_view rawText(sqlite3_stmt* row, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
    return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(row, column)))
                : std::string_view();
}

} // namespace

using AttemptIndex = std::unordered_map<std::string, std::size_t, TextHash, std::equal_to<>>;

// An attempt id's place among the attempts analysed. The rows of one attempt mostly come together: the
// last lookup is kept to spare a million hashes.
class AttemptLookup {
  public:
    explicit AttemptLookup(const AttemptIndex& index) : m_index(index) {}
    std::optional<std::size_t> operator()(sqlite3_stmt* row, int column) {
        const std::string_view id = rawText(row, column);
        if (id == m_last) return m_lastIndex;
        const auto it = m_index.find(id);
        m_last.assign(id);
        m_lastIndex = it == m_index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
        return m_lastIndex;
    }

  private:
    const AttemptIndex& m_index;
    std::string m_last;
    std::optional<std::size_t> m_lastIndex;
};

// One stored response of an analysed attempt: its mark and the option ids it chose.
struct ResponseRow {
    std::size_t attempt;
    std::int64_t position;
    double earned;
    std::vector<std::string> chosen;
};

std::vector<ResponseRow> scanResponses(SQLite::Database& db, const AttemptIndex& index) {
    std::vector<ResponseRow> out;
    AttemptLookup attemptOf(index);
    RawScan responses(db, "SELECT attempt_id, position, answer, earned FROM responses");
    for (sqlite3_stmt* r = responses.row(); responses.step();) {
        const auto a = attemptOf(r, 0);
        if (!a) continue;
        ResponseRow row{*a, sqlite3_column_int64(r, 1), sqlite3_column_double(r, 3), {}};
        if (const std::string_view answer = rawText(r, 2); !answer.empty())
            row.chosen = answerFromJson(answer).selected;
        out.push_back(std::move(row));
    }
    return out;
}

// Issue 10: the items and responses of the finished attempts are read by two scans of their tables and
// joined here, and the adjusted marks are read once. The single query of before (a join, a correlated
// subquery per row and an ORDER BY over every row) cost several B-tree searches per response: 12 s on
// 1,000,000 responses. The rows and their order (attempts by start, items by position) are those of before.
// Each item's mark goes straight into the result (no intermediate rows), and what a snapshot says (its
// question, its options) is worked out once per snapshot, not once per row.
MarksData ProgressStore::itemAnalysisData(const AnalysisFilter& f) const {
    SQLite::Statement st(
        *m_db,
        "WITH finished AS ("
        "  SELECT a.id, a.learner_id, a.profile_id, a.started_at, a.seed, a.rowid AS rid,"
        "    row_number() OVER (PARTITION BY a.learner_id, a.profile_id ORDER BY a.started_at, a.rowid) AS n"
        "  FROM attempts a WHERE a.mode = 'exam' AND a.status IN ('submitted', 'timed_out'))"
        " SELECT c.id FROM finished c JOIN learners l ON l.id = c.learner_id"
        " WHERE (?1 = '' OR c.profile_id = ?1) AND (?2 IS NULL OR c.started_at >= ?2)"
        " AND (?3 IS NULL OR c.started_at < ?3) AND (?4 = '' OR l.team = ?4) AND (?5 = 0 OR c.n = 1) AND (?6 "
        "IS NULL OR c.seed = ?6)"
        " ORDER BY c.started_at, c.rid");
    st.bind(1, f.profileId);
    if (f.from) st.bind(2, static_cast<int64_t>(*f.from));
    if (f.to) st.bind(3, static_cast<int64_t>(*f.to));
    st.bind(4, f.team);
    st.bind(5, f.firstOnly ? 1 : 0);
    if (f.seed) st.bind(6, static_cast<int64_t>(*f.seed)); // stored as the same 64 bits
    MarksData data;
    AttemptIndex attemptIndex;
    while (st.executeStep()) {
        attemptIndex.emplace(st.getColumn(0).getString(), data.attempts.size());
        data.attempts.push_back({st.getColumn(0).getString(), {}});
    }
    AttemptLookup attemptOf(attemptIndex);
    // The responses are read on a second connection while this one reads the items: the two scans are
    // most of the time and a second core halves it. Finished attempts no longer change, so the two
    // connections agree on them; without a second connection (a database in memory, say) the responses
    // are read after the items.
    std::unique_ptr<SQLite::Database> second;
    try {
        if (!m_path.empty() && m_path != ":memory:")
            second = std::make_unique<SQLite::Database>(m_path.string(), SQLite::OPEN_READONLY);
    } catch (const SQLite::Exception&) {
        second.reset();
    }
    std::future<std::vector<ResponseRow>> responsesRead;
    if (second) {
        second->setBusyTimeout(5000);
        responsesRead = std::async(std::launch::async,
                                   [&second, &attemptIndex] { return scanResponses(*second, attemptIndex); });
    }

    // A snapshot as the rows meet it: its question and the slot of that question's options in data.items.
    struct Snapshot {
        const Question* question;
        std::size_t info;
    };
    // The newest snapshot of a question (its last row in attempt and position order) describes its options.
    struct Newest {
        std::size_t attempt = 0;
        std::int64_t position = -1;
        const Question* question = nullptr;
    };
    // Snapshot hashes are 64 hex digits of SHA-256: their first 16 digits are hash enough.
    struct HexPrefixHash {
        std::size_t operator()(std::string_view h) const {
            if (h.size() < 16) return std::hash<std::string_view>{}(h);
            std::uint64_t a = 0, b = 0;
            std::memcpy(&a, h.data(), 8);
            std::memcpy(&b, h.data() + 8, 8);
            return static_cast<std::size_t>(a * 0x9E3779B97F4A7C15ULL ^ b);
        }
    };
    SnapshotCache cache(*m_db);
    std::unordered_map<std::string_view, Snapshot, HexPrefixHash>
        snapshots;                                            // keys: the hashes held by `cache`
    std::unordered_map<std::string_view, std::size_t> infoOf; // question id -> slot
    std::vector<Newest> newest;
    auto snapshotOf = [&](std::string_view hash) -> const Snapshot& {
        if (const auto it = snapshots.find(hash); it != snapshots.end()) return it->second;
        const auto& [storedHash, question] = cache.entry(hash);
        auto [slot, fresh] = infoOf.try_emplace(question.id, newest.size());
        if (fresh) newest.emplace_back();
        return snapshots.emplace(storedHash, Snapshot{&question, slot->second}).first->second;
    };

    // Each attempt's items, and beside them their positions and questions, in the order read.
    struct Where {
        std::int64_t position;
        const Question* question;
    };
    std::vector<std::vector<Where>> where(data.attempts.size());
    std::size_t typicalItems = 0; // the items of the attempt read last: the next is likely the same size
    RawScan items(*m_db, "SELECT attempt_id, position, snapshot_hash FROM attempt_items");
    for (sqlite3_stmt* row = items.row(); items.step();) {
        const auto a = attemptOf(row, 0);
        if (!a) continue;
        const Snapshot& snap = snapshotOf(rawText(row, 2));
        const std::int64_t position = sqlite3_column_int64(row, 1);
        const Question& q = *snap.question;
        auto& marks = data.attempts[*a].items;
        if (marks.empty()) marks.reserve(typicalItems), where[*a].reserve(typicalItems); // spares regrowing
        marks.push_back(ItemMark{q.id, 0, q.marks, {}});                                 // no response: 0
        where[*a].push_back(Where{position, &q});
        typicalItems = marks.size();
        Newest& n = newest[snap.info];
        if (!n.question || *a > n.attempt || (*a == n.attempt && position > n.position))
            n = {*a, position, &q};
    }
    // Items by position (the table gives them so, but nothing promises it).
    for (std::size_t a = 0; a < where.size(); ++a) {
        auto& w = where[a];
        if (std::is_sorted(w.begin(), w.end(),
                           [](const Where& x, const Where& y) { return x.position < y.position; }))
            continue;
        std::vector<std::size_t> order(w.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return w[x].position < w[y].position; });
        std::vector<Where> sortedWhere;
        std::vector<ItemMark> sortedItems;
        for (std::size_t i : order)
            sortedWhere.push_back(w[i]), sortedItems.push_back(std::move(data.attempts[a].items[i]));
        w = std::move(sortedWhere);
        data.attempts[a].items = std::move(sortedItems);
    }
    auto itemAt = [&](std::size_t a, std::int64_t position) -> std::optional<std::size_t> {
        const auto& w = where[a];
        const auto it = std::lower_bound(w.begin(), w.end(), position,
                                         [](const Where& x, std::int64_t p) { return x.position < p; });
        if (it == w.end() || it->position != position) return std::nullopt;
        return static_cast<std::size_t>(it - w.begin());
    };
    auto rows = responsesRead.valid() ? responsesRead.get() : scanResponses(*m_db, attemptIndex);
    for (auto& r : rows) {
        const auto i = itemAt(r.attempt, r.position);
        if (!i) continue; // a response without its item: the join of before dropped it too
        ItemMark& mark = data.attempts[r.attempt].items[*i];
        mark.mark = r.earned;
        const QuestionType type = where[r.attempt][*i].question->type;
        if (type == QuestionType::Matching || type == QuestionType::Sequencing)
            mark.chosen.clear();
        else
            mark.chosen = std::move(r.chosen);
    }
    // The latest adjusted mark of an item (the adjustment with the highest id) replaces the stored one.
    RawScan adj(*m_db, "SELECT attempt_id, position, new_earned FROM adjustments "
                       "WHERE new_earned IS NOT NULL AND position IS NOT NULL ORDER BY id");
    while (adj.step())
        if (const auto a = attemptOf(adj.row(), 0))
            if (const auto i = itemAt(*a, sqlite3_column_int64(adj.row(), 1)))
                data.attempts[*a].items[*i].mark = sqlite3_column_double(adj.row(), 2);

    for (const auto& n : newest)
        if (n.question) data.items.push_back(optionsOf(*n.question));
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
