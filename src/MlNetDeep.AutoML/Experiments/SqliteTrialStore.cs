using System.Globalization;
using System.Text.Json;
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
        lock (_gate)
        {
            using var c = _connection.CreateCommand();
            c.CommandText = "SELECT id, parameters, status, loss, metrics, seconds, error FROM trials WHERE experiment = $e ORDER BY id";
            c.Parameters.AddWithValue("$e", experiment);
            using var r = c.ExecuteReader();
            var trials = new List<Trial>();
            while (r.Read()) trials.Add(TrialJson.ReadTrial(r));
            return trials;
        }
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
            TrialJson.BindTrial(c, '$', experiment, trial);
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
            using var q = _connection.CreateCommand();
            q.Transaction = tx;
            q.CommandText = "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM trials WHERE experiment = $e";
            q.Parameters.AddWithValue("$e", experiment);
            long last, count;
            using (var r = q.ExecuteReader())
            {
                r.Read();
                (last, count) = (r.GetInt64(0), r.GetInt64(1));
            }
            if (maxTrials is { } max && count >= max) return null;
            int id = checked((int)last + 1);
            using var c = _connection.CreateCommand();
            c.Transaction = tx;
            c.CommandText = """
                INSERT INTO trials (experiment, id, parameters, status, loss, metrics, seconds, error)
                VALUES ($e, $id, $p, 'Running', NULL, '{}', 0, NULL)
                """;
            c.Parameters.AddWithValue("$e", experiment);
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$p", TrialJson.WriteParameters(point));
            c.ExecuteNonQuery();
            tx.Commit();
            return id;
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();
}
