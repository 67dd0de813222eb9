using System.Text.Json;
using System.Text.Json.Serialization;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Loading;

/// <summary>JSON dump of the normalised model (<c>hadaemon -t --dump</c>), source-generated so it works under NativeAOT.</summary>
public static class ConfigJson
{
    /// <summary>Serialises the model; positions print as "file:line:col", with file relative to
    /// <paramref name="baseDirectory"/> when given (golden files stay machine independent).</summary>
    public static string Serialize(KeepalivedConfig config, string? baseDirectory = null)
    {
        var options = new JsonSerializerOptions(ConfigJsonContext.Default.Options);
        options.Converters.Add(new SourceLocationConverter(baseDirectory));
        var context = new ConfigJsonContext(options);
        return JsonSerializer.Serialize(config, context.KeepalivedConfig);
    }

    private sealed class SourceLocationConverter(string? baseDirectory) : JsonConverter<SourceLocation>
    {
        public override SourceLocation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The configuration dump is write-only.");

        public override void Write(Utf8JsonWriter writer, SourceLocation value, JsonSerializerOptions options)
        {
            var file = value.File;
            if (baseDirectory is not null && file.Length > 0 && Path.IsPathRooted(file))
            {
                file = Path.GetRelativePath(baseDirectory, file);
            }
            writer.WriteStringValue($"{file}:{value.Line}:{value.Column}");
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(KeepalivedConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
