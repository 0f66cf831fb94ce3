// Queries for reports and records (issue 7): attempt ids by prefix, mastery per profile, and the
// export and import of records for bundles and merging.
#include "core/store/progress_store.hpp"
#include "core/store/hash_chain.hpp"
#include "core/owner_only.hpp"
#include "core/store/store_internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <cmath>
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
        // Not the local row id: it is no record, and it differs between databases. The schema v3 columns
        // (issue 8) are members from bundle version 2; a version-1 bundle's adjustments carry a delta only.
        {"adjustments",
         {{"attempt_id", T::Text},
          {"created_at", T::Integer},
          {"reason", T::Text},
          {"delta", T::Real},
          {"question_id", T::Text, true, 2},
          {"position", T::Integer, true, 2},
          {"old_earned", T::Real, true, 2},
          {"new_earned", T::Real, true, 2},
          {"old_passed", T::Integer, true, 2},
          {"new_passed", T::Integer, true, 2},
          {"key_hash", T::Text, true, 2},
          {"new_score", T::Real, true, 2},
          {"new_percent", T::Real, true, 2}}},
        // Learners' reports of problems with questions (bundle version 2): a learner's report reaches the
        // trainer with the learner's records. Again without the local id: a report is known by who made
        // it, on which question, when, of what kind and with what text.
        {"errata",
         {{"learner_id", T::Text},
          {"question_id", T::Text},
          {"attempt_id", T::Text, true},
          {"position", T::Integer, true},
          {"kind", T::Text},
          {"text", T::Text},
          {"created_at", T::Integer},
          {"resolved_at", T::Integer, true},
          {"resolution", T::Text}},
         2},
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

// Gives a merged adjustment the attempt's result after it in THIS database. The adjusted result of an
// attempt is its latest adjustment's new_score, new_percent and new_passed (store_sql.hpp), so these must
// follow from what this database already holds: the result before the record (its latest earlier
// adjustment, else the stored result) plus the change of the item's mark (new_earned against the item's
// current mark here), or plus `delta` for a record without an item (a version-1 bundle's). A record whose
// carried result fits is left exactly as it came (a round trip changes nothing); one without a result,
// or whose result was computed over other adjustments (regrades made in two databases), gets it here.
void fitAdjustment(SQLite::Database& db, std::int64_t id) {
    SQLite::Statement st(
        db,
        "SELECT j.delta, j.position, j.new_earned, j.new_score, coalesce(a.max_score, 0), a.pass_mark_percent, "
        "coalesce(a.percent, 0), "
        "coalesce((SELECT k.new_score FROM adjustments k WHERE k.attempt_id = j.attempt_id AND k.id < j.id "
        "ORDER BY k.id DESC LIMIT 1), a.score, 0), "
        "coalesce((SELECT k.new_passed FROM adjustments k WHERE k.attempt_id = j.attempt_id AND k.id < j.id "
        "ORDER BY k.id DESC LIMIT 1), a.passed, 0), "
        "coalesce((SELECT k.new_earned FROM adjustments k WHERE k.attempt_id = j.attempt_id AND k.position = "
        "j.position AND k.new_earned IS NOT NULL AND k.id < j.id ORDER BY k.id DESC LIMIT 1), (SELECT "
        "r.earned FROM responses r WHERE r.attempt_id = j.attempt_id AND r.position = j.position), 0) "
        "FROM adjustments j JOIN attempts a ON a.id = j.attempt_id WHERE j.id = ?");
    st.bind(1, static_cast<int64_t>(id));
    if (!st.executeStep()) return;
    const bool itemMark = !st.getColumn(1).isNull() && !st.getColumn(2).isNull();
    const double change = itemMark ? st.getColumn(2).getDouble() - st.getColumn(9).getDouble()
                                   : st.getColumn(0).getDouble();
    const double max = st.getColumn(4).getDouble(), passMark = st.getColumn(5).getDouble();
    const double score = st.getColumn(7).getDouble() + change;
    if (!st.getColumn(3).isNull() && std::abs(st.getColumn(3).getDouble() - score) < 1e-6) return;
    // As the regrade and the schema-3 migration compute them.
    const double percent = max > 0 ? 100.0 * score / max : st.getColumn(6).getDouble();
    const bool passed = max > 0 ? score * 100.0 >= passMark * max - 1e-9 : st.getColumn(8).getInt() != 0;
    SQLite::Statement up(db, "UPDATE adjustments SET new_score = ?, new_percent = ?, new_passed = ?, "
                             "old_passed = ? WHERE id = ?");
    up.bind(1, score);
    up.bind(2, percent);
    up.bind(3, passed ? 1 : 0);
    up.bind(4, st.getColumn(8).getInt());
    up.bind(5, static_cast<int64_t>(id));
    up.exec();
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
        readRows(*m_db, s[kAdjustmentsTable], inAttempts + " ORDER BY attempt_id, id", id);
        readRows(*m_db, s[kErrataTable], "learner_id = ?1 ORDER BY created_at, id", id);
    }
    // A report made during an attempt still in progress (or since deleted) keeps its question but not
    // the attempt, which the bundle does not carry.
    std::set<std::string> attemptIds;
    const RecordTable& attempts = s[kAttemptsTable];
    for (const auto& row : attempts.rows) attemptIds.insert(attempts.text(row, "id"));
    RecordTable& errata = s[kErrataTable];
    for (auto& row : errata.rows)
        if (!errata.isNull(row, "attempt_id") && !attemptIds.count(errata.text(row, "attempt_id"))) {
            row[errata.spec().column("attempt_id")] = std::monostate{};
            row[errata.spec().column("position")] = std::monostate{};
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
    // An adjustment is known by its attempt, time, reason, delta and item: the result columns describe
    // the attempt in the database that wrote them and are checked against this one (fitAdjustment).
    SQLite::Statement addAdjustment(*m_db, insertSql(tables[kAdjustmentsTable]));
    SQLite::Statement sameAdjustment(
        *m_db, "SELECT 1 FROM adjustments WHERE attempt_id = ?1 AND created_at = ?2 AND reason = ?3 AND "
               "delta = ?4 AND question_id IS ?5 AND position IS ?6");
    // An erratum is known by learner, question, time, kind and text; a resolution moves forward only.
    SQLite::Statement addErratum(*m_db, insertSql(tables[kErrataTable]));
    SQLite::Statement findErratum(
        *m_db, "SELECT id, resolved_at IS NULL FROM errata WHERE learner_id = ?1 AND question_id = ?2 AND "
               "created_at = ?3 AND kind = ?4 AND text = ?5");
    SQLite::Statement resolveErratum(*m_db,
                                     "UPDATE errata SET resolved_at = ?1, resolution = ?2 WHERE id = ?3");
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
        for (const auto& row : adjustments.rows) {
            if (conflicting.count(adjustments.text(row, "attempt_id"))) continue;
            bindRow(sameAdjustment, {row.begin(), row.begin() + 6});
            const bool present = sameAdjustment.executeStep();
            sameAdjustment.reset();
            if (present) continue;
            c.adjustments += insert(addAdjustment, row);
            const std::int64_t added = m_db->getLastInsertRowid();
            fitAdjustment(*m_db, added);
            chain_detail::appendAdjustment(*m_db, added);
        }
        const RecordTable& errata = s[kErrataTable];
        for (RecordRow row : errata.rows) {
            const std::size_t attemptCol = errata.spec().column("attempt_id");
            // A report on a conflicting attempt was about the other attempt: keep the question only.
            if (!errata.isNull(row, "attempt_id") && conflicting.count(errata.text(row, "attempt_id")))
                row[attemptCol] = row[errata.spec().column("position")] = std::monostate{};
            int n = 1;
            for (const char* col : {"learner_id", "question_id", "created_at", "kind", "text"}) {
                const RecordValue& v = row[errata.spec().column(col)];
                if (const auto* t = std::get_if<std::string>(&v))
                    findErratum.bind(n++, *t);
                else
                    findErratum.bind(n++, static_cast<int64_t>(std::get<std::int64_t>(v)));
            }
            if (findErratum.executeStep()) {
                const std::int64_t localId = findErratum.getColumn(0).getInt64();
                const bool open = findErratum.getColumn(1).getInt() != 0;
                findErratum.reset();
                if (open && !errata.isNull(row, "resolved_at")) {
                    resolveErratum.bind(1, static_cast<int64_t>(errata.integer(row, "resolved_at")));
                    resolveErratum.bind(2, errata.text(row, "resolution"));
                    resolveErratum.bind(3, static_cast<int64_t>(localId));
                    c.errataResolved += resolveErratum.exec();
                    resolveErratum.reset();
                }
                continue;
            }
            findErratum.reset();
            c.errata += insert(addErratum, row);
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
