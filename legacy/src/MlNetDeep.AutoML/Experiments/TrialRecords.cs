using System.Globalization;
using System.Text.Json;
using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>
/// A trial as the stores keep it (one row per trial; parameters and metrics as JSON) and the
/// JSON forms the trial process protocol shares. The SQL here is common to SQLite and
/// PostgreSQL; each store adds its own locking.
/// </summary>
internal static class TrialRecords
{
    /// <summary>The trials of <paramref name="experiment"/> in <paramref name="table"/>, by id (<paramref name="marker"/>: the provider's parameter prefix, '$' or '@').</summary>
    internal static List<Trial> Load(System.Data.Common.DbConnection connection, char marker, string table, string experiment)
    {
        using var c = connection.CreateCommand();
        c.CommandText = $"SELECT id, parameters, status, loss, metrics, seconds, error FROM {table} WHERE experiment = {marker}e ORDER BY id";
        Add(c, marker + "e", experiment);
        using var r = c.ExecuteReader();
        var trials = new List<Trial>();
        while (r.Read()) trials.Add(ReadTrial(r));
        return trials;
    }

    /// <summary>
    /// Inside <paramref name="tx"/>, which must already hold the experiment's lock: the next id of
    /// <paramref name="experiment"/>, recorded as running with <paramref name="point"/>; null
    /// when it already has <paramref name="maxTrials"/> trials.
    /// </summary>
    internal static int? ClaimNext(System.Data.Common.DbTransaction tx, char marker, string table, string experiment, ParameterSet point, int? maxTrials)
    {
        var connection = tx.Connection!;
        long last, count;
        using (var q = connection.CreateCommand())
        {
            q.Transaction = tx;
            q.CommandText = $"SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT), COUNT(*) FROM {table} WHERE experiment = {marker}e";
            Add(q, marker + "e", experiment);
            using var r = q.ExecuteReader();
            r.Read();
            (last, count) = (r.GetInt64(0), r.GetInt64(1));
        }
        if (maxTrials is { } max && count >= max) return null;
        int id = checked((int)last + 1);
        using var c = connection.CreateCommand();
        c.Transaction = tx;
        c.CommandText = $"INSERT INTO {table} (experiment, id, parameters, status, metrics, seconds) VALUES ({marker}e, {marker}id, {marker}p, 'Running', '{{}}', 0)";
        Add(c, marker + "e", experiment);
        Add(c, marker + "id", id);
        Add(c, marker + "p", WriteParameters(point));
        c.ExecuteNonQuery();
        return id;
    }

    private static void Add(System.Data.Common.DbCommand c, string name, object value)
    {
        var p = c.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        c.Parameters.Add(p);
    }

    /// <summary>A trial from a store's row: columns id, parameters, status, loss, metrics, seconds, error.</summary>
    private static Trial ReadTrial(System.Data.Common.DbDataReader r)
    {
        int id = r.GetInt32(0);
        return new Trial(id, ReadParameters(r.GetString(1), $"Trial {id}"), Enum.Parse<TrialStatus>(r.GetString(2)),
            r.IsDBNull(3) ? double.PositiveInfinity : r.GetDouble(3),
            JsonSerializer.Deserialize(r.GetString(4), Metrics) ?? [], r.GetDouble(5), r.IsDBNull(6) ? null : r.GetString(6));
    }

    /// <summary>Binds a trial's columns as parameters e, id, p, s, l, m, t, err (named with <paramref name="marker"/>, '$' or '@').</summary>
    internal static void BindTrial(System.Data.Common.DbCommand c, char marker, string experiment, Trial trial)
    {
        Add(c, marker + "e", experiment);
        Add(c, marker + "id", trial.Id);
        Add(c, marker + "p", WriteParameters(trial.Parameters));
        Add(c, marker + "s", trial.Status.ToString());
        Add(c, marker + "l", double.IsFinite(trial.Loss) ? trial.Loss : DBNull.Value);
        Add(c, marker + "m", JsonSerializer.Serialize(new Dictionary<string, double>(trial.Metrics), Metrics));
        Add(c, marker + "t", trial.Seconds);
        Add(c, marker + "err", (object?)trial.Error ?? DBNull.Value);
    }

    /// <summary>Metrics by name.</summary>
    internal static System.Text.Json.Serialization.Metadata.JsonTypeInfo<Dictionary<string, double>> Metrics => TrialRecordsJson.Default.DictionaryStringDouble;

    /// <summary>Parameters are stored as JSON: numbers as numbers, everything else as text (choices compare by text).</summary>
    internal static ParameterSet ReadParameters(string json, string where)
    {
        using var doc = JsonDocument.Parse(json);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
            values[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Number when p.Value.TryGetInt32(out int i) && !p.Value.GetRawText().Contains('.', StringComparison.Ordinal) && !p.Value.GetRawText().Contains('E', StringComparison.OrdinalIgnoreCase) => i,
                JsonValueKind.Number => p.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => p.Value.GetString() ?? throw new InvalidDataException($"{where}: parameter '{p.Name}' is null."),
            };
        return new ParameterSet(values);
    }

    internal static string WriteParameters(ParameterSet p)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (k, v) in p.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                switch (v)
                {
                    case int i: w.WriteNumber(k, i); break;
                    // "R" keeps every bit, so a resumed tuner sees exactly the point it proposed.
                    case double d:
                        string r = d.ToString("R", CultureInfo.InvariantCulture);
                        w.WritePropertyName(k);
                        w.WriteRawValue(r.Contains('.', StringComparison.Ordinal) || r.Contains('E', StringComparison.Ordinal) ? r : r + ".0");
                        break;
                    case bool b: w.WriteBoolean(k, b); break;
                    default: w.WriteString(k, Convert.ToString(v, CultureInfo.InvariantCulture)); break;
                }
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

}

// Metrics may be NaN or infinite (a diverged loss): written as "NaN" / "Infinity".
[System.Text.Json.Serialization.JsonSourceGenerationOptions(NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class TrialRecordsJson : System.Text.Json.Serialization.JsonSerializerContext;
