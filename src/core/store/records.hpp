// Records as rows of the progress database's tables (learners, question snapshots, attempts, their
// items, responses and adjustments): what a records bundle carries, what merging inserts, and what
// the xAPI export reads. The columns are those of schema version 3 (adjustments in full, errata).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace examsim::core {

enum class ColumnType { Text, Integer, Real };

struct ColumnSpec {
    std::string_view name;
    ColumnType type;
    bool nullable = false;
    // The records-bundle version from which the member is required; an older bundle lacks it and reads
    // it as null (such a column is nullable).
    int since = 1;
};

struct TableSpec {
    std::string_view name; // the table, and the bundle member holding its rows
    std::vector<ColumnSpec> columns;
    int since = 1; // the records-bundle version from which the array is required (older: empty)
    std::size_t
    column(std::string_view name) const; // index; throws std::out_of_range for a name not in the spec
};

// The tables in the order rows are inserted (parents first).
enum TableId : std::size_t {
    kLearnersTable,
    kSnapshotsTable,
    kAttemptsTable,
    kItemsTable,
    kResponsesTable,
    kAdjustmentsTable,
    kErrataTable
};
inline constexpr std::size_t kRecordTableCount = 7;
const std::array<TableSpec, kRecordTableCount>& recordTables();

using RecordValue = std::variant<std::monostate, std::int64_t, double, std::string>; // monostate: NULL
using RecordRow = std::vector<RecordValue>; // in the order of the table's columns

struct RecordTable {
    TableId id;
    std::vector<RecordRow> rows;
    const TableSpec& spec() const { return recordTables()[id]; }
    const RecordValue& value(const RecordRow& row, std::string_view column) const {
        return row.at(spec().column(column));
    }
    std::string text(const RecordRow& row, std::string_view column) const;     // "" for NULL
    std::int64_t integer(const RecordRow& row, std::string_view column) const; // 0 for NULL
    double real(const RecordRow& row, std::string_view column) const;          // 0 for NULL; integers convert
    bool isNull(const RecordRow& row, std::string_view column) const;
};

struct RecordSet {
    std::array<RecordTable, kRecordTableCount> tables{{{kLearnersTable, {}},
                                                       {kSnapshotsTable, {}},
                                                       {kAttemptsTable, {}},
                                                       {kItemsTable, {}},
                                                       {kResponsesTable, {}},
                                                       {kAdjustmentsTable, {}},
                                                       {kErrataTable, {}}}};
    RecordTable& operator[](TableId t) { return tables[t]; }
    const RecordTable& operator[](TableId t) const { return tables[t]; }
    // Issue 10: what the source database's hash chain check found (readRecordsFrom); merging reports them.
    std::vector<std::string> chainProblems;
};

// What merging one source added, and what it left alone.
struct MergeCounts {
    int learners = 0;
    int attempts = 0;
    int attemptItems = 0;
    int responses = 0;
    int snapshots = 0;
    int adjustments = 0;
    int errata = 0;         // learners' reports of problems with questions, added
    int errataResolved = 0; // reports here still open that the source had resolved: resolved here too
    int attemptsAlreadyPresent = 0;     // the same attempt, identical: nothing to do
    std::vector<std::string> conflicts; // a different attempt with the same id: kept ours, skipped theirs
    std::vector<std::string> notes;     // e.g. a learner added under a name another learner already has
};

} // namespace examsim::core
