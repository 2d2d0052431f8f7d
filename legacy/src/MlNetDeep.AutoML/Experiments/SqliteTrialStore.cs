using MlNetDeep.AutoML.SearchSpaces;
using Microsoft.Data.Sqlite;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// The embedded trial store: one SQLite file (write-ahead log, each trial written in its own
/// transaction), so an experiment killed at any moment keeps every trial that finished. A
/// trial still <see cref="TrialStatus.Running"/> when the experiment resumes was interrupted
/// and runs again. Several processes on one machine may share the file as workers of one
/// experiment (<see cref="ExperimentOptions.Shared"/>); <see cref="PostgresTrialStore"/> does the
/// same across machines.
/// </summary>
public sealed class SqliteTrialStore : ISharedTrialStore
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/>.</summary>
    public SqliteTrialStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 60 }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS trials (
              experiment TEXT NOT NULL, id INTEGER NOT NULL, parameters TEXT NOT NULL, status TEXT NOT NULL,
              loss REAL, metrics TEXT NOT NULL, seconds REAL NOT NULL, error TEXT,
              PRIMARY KEY (experiment, id));
            """);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    private void Execute(string sql)
    {
        using var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IReadOnlyList<Trial> Load(string experiment)
    {
        lock (_gate) return TrialRecords.Load(_connection, '$', "trials", experiment);
    }

    /// <inheritdoc />
    public void Save(string experiment, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var c = _connection.CreateCommand();
            c.Transaction = tx;
            c.CommandText = """
                INSERT OR REPLACE INTO trials (experiment, id, parameters, status, loss, metrics, seconds, error)
                VALUES ($e, $id, $p, $s, $l, $m, $t, $err)
                """;
            TrialRecords.BindTrial(c, '$', experiment, trial);
            c.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <inheritdoc />
    public int? Claim(string experiment, ParameterSet point, int? maxTrials)
    {
        ArgumentNullException.ThrowIfNull(point);
        lock (_gate)
        {
            // BEGIN IMMEDIATE: the write lock is taken before reading the count, so two processes cannot claim one id.
            using var tx = _connection.BeginTransaction(deferred: false);
            int? id = TrialRecords.ClaimNext(tx, '$', "trials", experiment, point, maxTrials);
            tx.Commit();
            return id;
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();
}
