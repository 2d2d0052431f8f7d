using MlNetDeep.AutoML.SearchSpaces;
using Npgsql;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// The trial store on PostgreSQL (Npgsql), for experiments that several worker processes or
/// machines run together (<see cref="ExperimentOptions.Shared"/>): each claims trial ids under a
/// transaction-scoped advisory lock per experiment, so ids and the trial count are exact however
/// many workers there are, and each learns the others' finished trials from the table. The
/// table <c>mlnetdeep_trials</c> is created when missing. Used alone it resumes like
/// <see cref="SqliteTrialStore"/>.
/// </summary>
public sealed class PostgresTrialStore : ISharedTrialStore
{
    private const string Table = "mlnetdeep_trials";
    private readonly NpgsqlDataSource _source;

    /// <summary>Connects with <paramref name="connectionString"/> (e.g. <c>Host=db;Database=automl;Username=automl;Password=…</c>) and creates the table when missing.</summary>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the login.</exception>
    public PostgresTrialStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
        using var connection = _source.OpenConnection();
        using var tx = connection.BeginTransaction();
        // Workers starting together would race to create the table: one at a time.
        Execute(connection, tx, "SELECT pg_advisory_xact_lock(7331001)");
        Execute(connection, tx, $"""
            CREATE TABLE IF NOT EXISTS {Table} (
              experiment TEXT NOT NULL, id INTEGER NOT NULL, parameters TEXT NOT NULL, status TEXT NOT NULL,
              loss DOUBLE PRECISION, metrics TEXT NOT NULL, seconds DOUBLE PRECISION NOT NULL, error TEXT,
              updated TIMESTAMPTZ NOT NULL DEFAULT now(),
              PRIMARY KEY (experiment, id))
            """);
        tx.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var c = new NpgsqlCommand(sql, connection, tx);
        c.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IReadOnlyList<Trial> Load(string experiment)
    {
        using var connection = _source.OpenConnection();
        return TrialRecords.Load(connection, '@', Table, experiment);
    }

    /// <inheritdoc />
    public void Save(string experiment, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        using var connection = _source.OpenConnection();
        using var c = new NpgsqlCommand($"""
            INSERT INTO {Table} (experiment, id, parameters, status, loss, metrics, seconds, error, updated)
            VALUES (@e, @id, @p, @s, @l, @m, @t, @err, now())
            ON CONFLICT (experiment, id) DO UPDATE SET parameters = EXCLUDED.parameters, status = EXCLUDED.status, loss = EXCLUDED.loss,
              metrics = EXCLUDED.metrics, seconds = EXCLUDED.seconds, error = EXCLUDED.error, updated = now()
            """, connection);
        TrialRecords.BindTrial(c, '@', experiment, trial);
        c.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public int? Claim(string experiment, ParameterSet point, int? maxTrials)
    {
        ArgumentNullException.ThrowIfNull(point);
        using var connection = _source.OpenConnection();
        using var tx = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@e))", connection, tx))
        {
            lockCommand.Parameters.AddWithValue("e", "mlnetdeep:" + experiment);
            lockCommand.ExecuteNonQuery();
        }
        int? id = TrialRecords.ClaimNext(tx, '@', Table, experiment, point, maxTrials);
        tx.Commit();
        return id;
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _source.Dispose();
}
