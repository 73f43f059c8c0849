using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Server.ManagementApi;

/// <summary>
/// JSON for <c>/api/v1</c>: camelCase, and dates as Okta writes them (okta-reference.md §3:
/// ISO-8601 <c>YYYY-MM-DDTHH:mm:ss.SSSZ</c>, always UTC with milliseconds).
/// </summary>
internal static class ManagementJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new OktaDateConverter() },
    };

    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a JSON request body. A body that is not JSON, or JSON of the wrong shape, is Okta's E0000003: the
    /// caller gets a 400 with a reason, never a 500 (okta-reference.md §3).
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null ? (null, ManagementErrors.BadJson()) : (value, null);
        }
        catch (JsonException)
        {
            return (null, ManagementErrors.BadJson());
        }
        catch (BadHttpRequestException)
        {
            // Kestrel could not read the body (too large, truncated): still the caller's error, not a 500.
            return (null, ManagementErrors.BadJson());
        }
    }

    private sealed class OktaDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FormatDate(value));
    }
}
