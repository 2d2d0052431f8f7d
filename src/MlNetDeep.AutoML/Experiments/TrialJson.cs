using System.Globalization;
using System.Text.Json;
using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>The JSON forms of a trial's parameters and metrics, shared by the trial stores and the trial process protocol.</summary>
internal static class TrialJson
{
    /// <summary>A trial from a store's row: columns id, parameters, status, loss, metrics, seconds, error.</summary>
    internal static Trial ReadTrial(System.Data.Common.DbDataReader r)
    {
        int id = r.GetInt32(0);
        return new Trial(id, ReadParameters(r.GetString(1), $"Trial {id}"), Enum.Parse<TrialStatus>(r.GetString(2)),
            r.IsDBNull(3) ? double.PositiveInfinity : r.GetDouble(3),
            JsonSerializer.Deserialize(r.GetString(4), Metrics) ?? [], r.GetDouble(5), r.IsDBNull(6) ? null : r.GetString(6));
    }

    /// <summary>Binds a trial's columns as parameters e, id, p, s, l, m, t, err (named with <paramref name="marker"/>, '$' or '@').</summary>
    internal static void BindTrial(System.Data.Common.DbCommand c, char marker, string experiment, Trial trial)
    {
        void Add(string name, object value)
        {
            var p = c.CreateParameter();
            p.ParameterName = marker + name;
            p.Value = value;
            c.Parameters.Add(p);
        }
        Add("e", experiment);
        Add("id", trial.Id);
        Add("p", WriteParameters(trial.Parameters));
        Add("s", trial.Status.ToString());
        Add("l", double.IsFinite(trial.Loss) ? trial.Loss : DBNull.Value);
        Add("m", JsonSerializer.Serialize(new Dictionary<string, double>(trial.Metrics), Metrics));
        Add("t", trial.Seconds);
        Add("err", (object?)trial.Error ?? DBNull.Value);
    }

    /// <summary>Metrics by name.</summary>
    internal static System.Text.Json.Serialization.Metadata.JsonTypeInfo<Dictionary<string, double>> Metrics => TrialJsonContext.Default.DictionaryStringDouble;

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
internal sealed partial class TrialJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
