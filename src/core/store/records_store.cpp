// Queries for reports and records (issue 7): attempt ids by prefix, mastery per profile, and the
// export and import of records for bundles and merging.
#include "core/store/progress_store.hpp"
#include "core/store/hash_chain.hpp"
#include "core/owner_only.hpp"
#include "core/store/store_internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <set>
#include <stdexcept>

namespace examsim::core {

namespace fs = std::filesystem;

std::vector<std::string> ProgressStore::attemptIdsWithPrefix(const std::string& prefix) const {
    std::vector<std::string> out;
    if (prefix.empty()) return out;
    // substr, not LIKE: an id prefix may hold _ or % typed by a user.
    SQLite::Statement st(*m_db,
                         "SELECT id FROM attempts WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 10");
    st.bind(1, prefix);
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
}

std::vector<std::pair<std::string, TopicMastery>>
ProgressStore::topicMasteryByProfile(const std::string& learnerId, int lastN) const {
    SQLite::Statement st(
        *m_db,
        "SELECT profile_id, topic, count(*), sum(correct) FROM ("
        "  SELECT a.profile_id, r.topic, r.correct, row_number() OVER (PARTITION BY a.profile_id, r.topic "
        "  ORDER BY r.answered_at DESC, r.rowid DESC) AS n FROM responses r JOIN attempts a ON a.id = "
        "r.attempt_id"
        "  WHERE r.learner_id = ? AND r." EXAMSIM_ANSWERED_SQL
        ") WHERE n <= ? GROUP BY profile_id, topic ORDER BY profile_id, topic");
    st.bind(1, learnerId);
    st.bind(2, lastN);
    std::vector<std::pair<std::string, TopicMastery>> out;
    while (st.executeStep())
        out.emplace_back(
            st.getColumn(0).getString(),
            TopicMastery{st.getColumn(1).getString(), st.getColumn(2).getInt(), st.getColumn(3).getInt()});
    return out;
}

const std::array<TableSpec, kRecordTableCount>& recordTables() {
    using T = ColumnType;
    static const std::array<TableSpec, kRecordTableCount> kTables{{
        {"learners",
         {{"id", T::Text},
          {"name", T::Text},
          {"team", T::Text},
          {"created_at", T::Integer},
          {"archived", T::Integer}}},
        {"question_snapshots", {{"hash", T::Text}, {"question_id", T::Text}, {"json", T::Text}}},
        {"attempts",
         {{"id", T::Text},
          {"learner_id", T::Text},
          {"profile_id", T::Text},
          {"profile_title", T::Text},
          {"mode", T::Text},
          {"seed", T::Integer},
          {"banks", T::Text},
          {"time_limit_minutes", T::Integer},
          {"extra_time_percent", T::Real},
          {"pass_mark_percent", T::Real},
          {"credits_if_passed", T::Real},
          {"started_at", T::Integer},
          {"finished_at", T::Integer, true},
          {"elapsed_ms", T::Integer},
          {"current_position", T::Integer},
          {"status", T::Text},
          {"score", T::Real, true},
          {"max_score", T::Real, true},
          {"percent", T::Real, true},
          {"passed", T::Integer, true},
          {"credits", T::Real, true},
          {"self_reported", T::Integer}}},
        {"attempt_items",
         {{"attempt_id", T::Text},
          {"position", T::Integer},
          {"question_id", T::Text},
          {"snapshot_hash", T::Text},
          {"option_order", T::Text},
          {"premise_order", T::Text},
          {"item_order", T::Text},
          {"topic_group", T::Text},
          {"part", T::Text},
          {"case_title", T::Text},
          {"case_text", T::Text}}},
        {"responses",
         {{"attempt_id", T::Text},
          {"position", T::Integer},
          {"learner_id", T::Text},
          {"question_id", T::Text},
          {"topic", T::Text},
          {"part", T::Text},
          {"answer", T::Text},
          {"flagged", T::Integer},
          {"checked", T::Integer},
          {"correct", T::Integer},
          {"earned", T::Real},
          {"time_ms", T::Integer},
          {"changes", T::Integer},
          {"answered_at", T::Integer},
          {"confidence", T::Integer, true}}},
        // The v2 columns only: the local row id is not a record, and later versions may add columns.
        {"adjustments",
         {{"attempt_id", T::Text}, {"created_at", T::Integer}, {"reason", T::Text}, {"delta", T::Real}}},
    }};
    return kTables;
}

std::size_t TableSpec::column(std::string_view n) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == n) return i;
    throw std::out_of_range(fmt::format("no column {} in {}", n, name));
}

std::string RecordTable::text(const RecordRow& row, std::string_view column) const {
    const auto* s = std::get_if<std::string>(&value(row, column));
    return s ? *s : std::string();
}

std::int64_t RecordTable::integer(const RecordRow& row, std::string_view column) const {
    const auto* i = std::get_if<std::int64_t>(&value(row, column));
    return i ? *i : 0;
}

double RecordTable::real(const RecordRow& row, std::string_view column) const {
    const RecordValue& v = value(row, column);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return 0;
}

bool RecordTable::isNull(const RecordRow& row, std::string_view column) const {
    return std::holds_alternative<std::monostate>(value(row, column));
}

namespace {

std::string columnList(const TableSpec& t, const std::string& prefix = "") {
    std::string out;
    for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + prefix + std::string(c.name);
    return out;
}

// Rows of one table: `where` may use ?1 for the one text parameter.
void readRows(SQLite::Database& db, RecordTable& into, const std::string& where, const std::string& param) {
    const TableSpec& t = into.spec();
    SQLite::Statement st(db, fmt::format("SELECT {} FROM {} WHERE {}", columnList(t), t.name, where));
    st.bind(1, param);
    while (st.executeStep()) {
        RecordRow row;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const SQLite::Column c = st.getColumn(static_cast<int>(i));
            if (c.isNull())
                row.emplace_back(std::monostate{});
            else if (t.columns[i].type == ColumnType::Text)
                row.emplace_back(c.getString());
            else if (t.columns[i].type == ColumnType::Integer)
                row.emplace_back(static_cast<std::int64_t>(c.getInt64()));
            else
                row.emplace_back(c.getDouble());
        }
        into.rows.push_back(std::move(row));
    }
}

void bindRow(SQLite::Statement& st, const RecordRow& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
        const int n = static_cast<int>(i + 1);
        std::visit(
            [&](const auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::monostate>)
                    st.bind(n);
                else if constexpr (std::is_same_v<V, std::int64_t>)
                    st.bind(n, static_cast<int64_t>(v));
                else
                    st.bind(n, v);
            },
            row[i]);
    }
}

std::string insertSql(const TableSpec& t, const char* verb = "INSERT") {
    std::string marks;
    for (std::size_t i = 0; i < t.columns.size(); ++i) marks += i ? ", ?" : "?";
    return fmt::format("{} INTO {}({}) VALUES ({})", verb, t.name, columnList(t), marks);
}

constexpr const char* kFinishedAttemptsOf =
    "SELECT id FROM attempts WHERE learner_id = ?1 AND status != 'in_progress'";

// An attempt's own rows (attempt, items by position, responses by position) as stored.
RecordSet attemptRows(SQLite::Database& db, const std::string& attemptId) {
    RecordSet s;
    readRows(db, s[kAttemptsTable], "id = ?1", attemptId);
    readRows(db, s[kItemsTable], "attempt_id = ?1 ORDER BY position", attemptId);
    readRows(db, s[kResponsesTable], "attempt_id = ?1 ORDER BY position", attemptId);
    return s;
}

} // namespace

RecordSet ProgressStore::exportRecords(const std::vector<std::string>& learnerIds) const {
    RecordSet s;
    std::set<std::string> done;
    for (const auto& id : learnerIds) {
        if (!done.insert(id).second) continue;
        readRows(*m_db, s[kLearnersTable], "id = ?1", id);
        readRows(*m_db, s[kAttemptsTable],
                 "learner_id = ?1 AND status != 'in_progress' ORDER BY started_at, id", id);
        const std::string inAttempts = fmt::format("attempt_id IN ({})", kFinishedAttemptsOf);
        readRows(*m_db, s[kItemsTable], inAttempts + " ORDER BY attempt_id, position", id);
        readRows(*m_db, s[kResponsesTable], inAttempts + " ORDER BY attempt_id, position", id);
        readRows(*m_db, s[kAdjustmentsTable], inAttempts + " ORDER BY attempt_id, created_at, id", id);
    }
    // Each snapshot once, however many attempts use it.
    std::set<std::string> hashes;
    const RecordTable& items = s[kItemsTable];
    for (const auto& row : items.rows) hashes.insert(items.text(row, "snapshot_hash"));
    for (const auto& h : hashes) readRows(*m_db, s[kSnapshotsTable], "hash = ?1", h);
    return s;
}

std::vector<MergeCounts> ProgressStore::importRecords(const std::vector<const RecordSet*>& sources) {
    std::vector<MergeCounts> out;
    SQLite::Transaction tx(*m_db);
    const auto& tables = recordTables();
    SQLite::Statement addLearner(*m_db, insertSql(tables[kLearnersTable], "INSERT OR IGNORE"));
    SQLite::Statement addSnapshot(*m_db, insertSql(tables[kSnapshotsTable], "INSERT OR IGNORE"));
    SQLite::Statement addAttempt(*m_db, insertSql(tables[kAttemptsTable]));
    SQLite::Statement addItem(*m_db, insertSql(tables[kItemsTable]));
    SQLite::Statement addResponse(*m_db, insertSql(tables[kResponsesTable]));
    SQLite::Statement addAdjustment(
        *m_db, "INSERT INTO adjustments(attempt_id, created_at, reason, delta) SELECT ?1, ?2, ?3, ?4 "
               "WHERE NOT EXISTS (SELECT 1 FROM adjustments WHERE attempt_id = ?1 AND created_at = ?2 "
               "AND reason = ?3 AND delta = ?4)");
    SQLite::Statement sameName(*m_db, "SELECT count(*) FROM learners WHERE name = ?");
    const auto insert = [&](SQLite::Statement& st, const RecordRow& row) {
        bindRow(st, row);
        const int changed = st.exec();
        st.reset();
        return changed;
    };
    for (const RecordSet* src : sources) {
        MergeCounts c;
        const RecordSet& s = *src;
        for (const auto& row : s[kLearnersTable].rows) {
            if (!insert(addLearner, row)) continue;
            ++c.learners;
            // Commands find learners by name (the oldest of that name): say when a name is now shared.
            const RecordTable& learners = s[kLearnersTable];
            sameName.bind(1, learners.text(row, "name"));
            if (sameName.executeStep() && sameName.getColumn(0).getInt() > 1)
                c.notes.push_back(fmt::format(
                    "learner \"{}\" ({}) has the name of another learner already here: use the id to "
                    "tell them apart",
                    learners.text(row, "name"), learners.text(row, "id")));
            sameName.reset();
        }
        for (const auto& row : s[kSnapshotsTable].rows) c.snapshots += insert(addSnapshot, row);
        std::set<std::string> conflicting;
        const RecordTable& attempts = s[kAttemptsTable];
        for (const auto& row : attempts.rows) {
            const std::string id = attempts.text(row, "id");
            RecordSet theirs;
            theirs[kAttemptsTable].rows.push_back(row);
            for (const TableId t : {kItemsTable, kResponsesTable}) {
                const RecordTable& from = s[t];
                for (const auto& r : from.rows)
                    if (from.text(r, "attempt_id") == id) theirs[t].rows.push_back(r);
                std::stable_sort(theirs[t].rows.begin(), theirs[t].rows.end(),
                                 [&](const RecordRow& a, const RecordRow& b) {
                                     return from.integer(a, "position") < from.integer(b, "position");
                                 });
            }
            const RecordSet ours = attemptRows(*m_db, id);
            if (!ours[kAttemptsTable].rows.empty()) {
                bool same = true;
                for (const TableId t : {kAttemptsTable, kItemsTable, kResponsesTable})
                    same = same && ours[t].rows == theirs[t].rows;
                if (same) {
                    ++c.attemptsAlreadyPresent;
                    continue;
                }
                conflicting.insert(id);
                c.conflicts.push_back(fmt::format(
                    "attempt {} ({}, started {}) differs from the attempt with the same id in this "
                    "database: kept this database's, skipped the other",
                    id, attempts.text(row, "profile_id"), attempts.integer(row, "started_at")));
                continue;
            }
            c.attempts += insert(addAttempt, row);
            for (const auto& r : theirs[kItemsTable].rows) c.attemptItems += insert(addItem, r);
            for (const auto& r : theirs[kResponsesTable].rows) c.responses += insert(addResponse, r);
            chain_detail::appendAttempt(*m_db, id);
        }
        const RecordTable& adjustments = s[kAdjustmentsTable];
        // Adjustments travel on their own: a regrade made after an earlier merge still arrives; those of a
        // conflicting attempt belong to the other attempt and stay out.
        for (const auto& row : adjustments.rows)
            if (!conflicting.count(adjustments.text(row, "attempt_id")) && insert(addAdjustment, row)) {
                ++c.adjustments;
                chain_detail::appendAdjustment(*m_db, m_db->getLastInsertRowid());
            }
        for (const auto& p : s.chainProblems) c.notes.push_back("unverified: " + p);
        out.push_back(std::move(c));
    }
    tx.commit();
    return out;
}

std::variant<RecordSet, StoreError> ProgressStore::readRecordsFrom(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return StoreError{fmt::format("{} does not exist or is not a file", file.string())};
    const fs::path copy = fs::temp_directory_path(ec) / fmt::format("examsim-merge-{}.db", newUuid());
    struct Cleanup {
        fs::path p;
        ~Cleanup() {
            std::error_code e;
            for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix, e);
        }
    } cleanup{copy};
    try {
        {
            // Read-only, and copied through SQLite's backup so a live WAL is read too.
            SQLite::Database src(file.string(), SQLite::OPEN_READONLY);
            const int appId = src.execAndGet("PRAGMA application_id").getInt();
            const int version = src.execAndGet("PRAGMA user_version").getInt();
            if (appId != kApplicationId)
                return StoreError{fmt::format("{} is not an ExamSim progress database", file.string())};
            if (version > kSchemaVersion)
                return StoreError{fmt::format(
                    "{} was written by a newer ExamSim (schema version {}; this program knows up to {}): "
                    "update the program",
                    file.string(), version, kSchemaVersion)};
            writeOwnerOnlyFile(copy, ""); // a copy of someone's records in the shared temp folder
            src.backup(copy.c_str(), SQLite::Database::Save);
        }
        auto opened = ProgressStore::open(copy, false); // migrates the copy from an older schema
        if (auto* e = std::get_if<StoreError>(&opened))
            return StoreError{fmt::format("{} cannot be read: {}", file.string(), e->message)};
        auto& store = *std::get<std::unique_ptr<ProgressStore>>(opened);
        std::vector<std::string> ids;
        for (const auto& l : store.learners("", true)) ids.push_back(l.id);
        RecordSet records = store.exportRecords(ids);
        for (const auto& p : store.verifyChains().problems)
            records.chainProblems.push_back(fmt::format("learner {}: {}", p.learnerId, p.message));
        return records;
    } catch (const SQLite::Exception& e) {
        return StoreError{
            fmt::format("{} cannot be read as a progress database: {}", file.string(), e.what())};
    }
}

} // namespace examsim::core
