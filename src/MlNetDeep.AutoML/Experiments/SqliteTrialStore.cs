using System.Globalization;
using System.Text.Json;
using MlNetDeep.AutoML.SearchSpaces;
using Microsoft.Data.Sqlite;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// The embedded trial store: one SQLite file (write-ahead log, each trial written in its own
/// transaction), so an experiment killed at any moment keeps every trial that finished. A
/// trial still <see cref="TrialStatus.Running"/> when the experiment resumes was interrupted
/// and runs again.
/// </summary>
public sealed class SqliteTrialStore : ITrialStore
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/>.</summary>
    public SqliteTrialStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
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
            while (r.Read())
            {
                int id = r.GetInt32(0);
                trials.Add(new Trial(id, TrialJson.ReadParameters(r.GetString(1), $"Trial {id}"), Enum.Parse<TrialStatus>(r.GetString(2)),
                    r.IsDBNull(3) ? double.PositiveInfinity : r.GetDouble(3),
                    JsonSerializer.Deserialize(r.GetString(4), TrialJson.Metrics) ?? [], r.GetDouble(5), r.IsDBNull(6) ? null : r.GetString(6)));
            }
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
            c.Parameters.AddWithValue("$e", experiment);
            c.Parameters.AddWithValue("$id", trial.Id);
            c.Parameters.AddWithValue("$p", TrialJson.WriteParameters(trial.Parameters));
            c.Parameters.AddWithValue("$s", trial.Status.ToString());
            c.Parameters.AddWithValue("$l", double.IsFinite(trial.Loss) ? trial.Loss : DBNull.Value);
            c.Parameters.AddWithValue("$m", JsonSerializer.Serialize(new Dictionary<string, double>(trial.Metrics), TrialJson.Metrics));
            c.Parameters.AddWithValue("$t", trial.Seconds);
            c.Parameters.AddWithValue("$err", (object?)trial.Error ?? DBNull.Value);
            c.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();
}
