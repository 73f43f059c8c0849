using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Fuzzing;

/// <summary>One generated request and what the generator knows about it (for the endpoint's expected answer).</summary>
internal sealed class FuzzCase
{
    public required HttpRequestMessage Message { get; init; }

    public required FuzzValues Values { get; init; }

    /// <summary>POST, a proper form body, exactly one valid client authentication, no duplicated or extra parameters.</summary>
    public bool CleanEnvelope { get; init; }

    public bool UsedAuthorizationHeader { get; init; }

    /// <summary>The <c>token</c> parameter (introspection, revocation) when sent exactly once.</summary>
    public string? TokenParameter { get; init; }

    public bool SignedIn { get; init; }

    public bool IsRealToken(string value) => Values.IsRealToken(value);
}

internal enum ParameterPlace
{
    Query,
    Body,
}

/// <summary>Builds hostile requests for one endpoint from a baseline of valid parameters.</summary>
internal static class FuzzCaseBuilder
{
    private static readonly string[] HostileNames = ["", "client_id[]", "CLIENT_ID", "ünï", "a\r\nb", "%", "__proto__", "redirect_uri ", new string('n', 5000)];

    private static readonly string[] OtherMethods = ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "GET", "POST"];

    /// <summary>Valid-ish values per parameter, mixed with hostile ones.</summary>
    public static List<KeyValuePair<string, string>> Parameters(
        FuzzValues values, IReadOnlyList<(string Name, Func<string> Valid)> baseline, IReadOnlyList<string> knownNames, out bool clean)
    {
        clean = true;
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var (name, valid) in baseline)
        {
            if (values.Chance(0.15))
            {
                continue;
            }

            parameters.Add(new(name, values.Chance(0.6) ? valid() : values.Hostile()));
            if (values.Chance(0.08))
            {
                parameters.Add(new(name, values.Chance(0.5) ? valid() : values.Hostile()));
                clean = false;
            }
        }

        var extras = values.Chance(0.3) ? values.Random.Next(1, 4) : 0;
        for (var i = 0; i < extras; i++)
        {
            var name = values.Chance(0.7) ? values.Pick(knownNames) : values.Pick(HostileNames);
            parameters.Add(new(name, values.Hostile()));
            clean = false;
        }

        return [.. parameters.OrderBy(_ => values.Random.Next())];
    }

    public static string Method(FuzzValues values, string usual) => values.Chance(0.88) ? usual : values.Pick(OtherMethods);

    public static string Query(FuzzValues values, IEnumerable<KeyValuePair<string, string>> parameters, bool allowRaw = true)
    {
        var raw = allowRaw && values.Chance(0.1);
        return string.Join('&', parameters.Select(pair => raw
            ? pair.Key.Replace("&", "%26", StringComparison.Ordinal) + "=" + pair.Value.Replace("&", "%26", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal)
            : Escape(pair.Key) + "=" + Escape(pair.Value)));
    }

    /// <summary>Sets a body: usually a proper form, sometimes JSON, bad JSON, the wrong or no content type.</summary>
    /// <returns>Whether the body is a proper <c>application/x-www-form-urlencoded</c> form.</returns>
    public static bool SetBody(FuzzValues values, HttpRequestMessage message, List<KeyValuePair<string, string>> parameters)
    {
        var form = Query(values, parameters);
        switch (values.Random.Next(20))
        {
            case < 12:
                message.Content = new StringContent(Query(values, parameters, allowRaw: false), Encoding.UTF8, "application/x-www-form-urlencoded");

                // ASP.NET Core refuses a NUL or a key over 2048 characters in a form: such a body is not a valid form.
                return parameters.All(pair => pair.Key.Length <= 2048 && !pair.Key.Contains('\0', StringComparison.Ordinal) && !pair.Value.Contains('\0', StringComparison.Ordinal));
            case 12 or 13:
                message.Content = new StringContent(
                    JsonSerializer.Serialize(parameters.GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.First().Value)),
                    Encoding.UTF8, "application/json");
                return false;
            case 14:
                message.Content = new StringContent(values.Pick(["{\"grant_type\": ", "{'token': 1}", "[", "{\"a\":\"\\u00\"}", "\u0000\u0001"]), Encoding.UTF8, "application/json");
                return false;
            case 15:
                message.Content = new StringContent(form, Encoding.UTF8, "text/plain");
                return false;
            case 16:
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form));
                return false;
            case 17:
                var multipart = new MultipartFormDataContent();
                foreach (var (name, value) in parameters)
                {
                    multipart.Add(new StringContent(value), name.Length == 0 ? "x" : Uri.EscapeDataString(name));
                }

                message.Content = multipart;
                return false;
            case 18:
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(form));
                content.Headers.TryAddWithoutValidation("Content-Type", values.Pick(["application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=bogus", "application/x-www-form-urlencoded; boundary=\r\n", ";;;", "application/xml"]));
                message.Content = content;
                return false;
            default:
                var bytes = new byte[values.Random.Next(1, 512)];
                values.Random.NextBytes(bytes);
                message.Content = new ByteArrayContent([.. "grant_type=%ZZ&token=%"u8.ToArray(), .. bytes]);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                return false;
        }
    }

    /// <summary>Client authentication (RFC 6749 §2.3.1): none, valid, wrong, malformed, or two methods at once.</summary>
    /// <returns>Whether exactly one valid client authentication was sent; and whether the Authorization header was used.</returns>
    public static (bool Valid, bool Header) ClientAuthentication(FuzzValues values, HttpRequestMessage message, List<KeyValuePair<string, string>> parameters)
    {
        switch (values.Random.Next(11))
        {
            case 0:
                return (false, false);
            case 1 or 2:
                message.Headers.Authorization = Basic(TestSeed.WebClientId, TestSeed.WebClientSecret);
                return (true, true);
            case 3:
                message.Headers.Authorization = Basic(TestSeed.ServiceClientId, TestSeed.ServiceClientSecret);
                return (true, true);
            case 4:
                parameters.Add(new("client_id", TestSeed.WebClientId));
                parameters.Add(new("client_secret", TestSeed.WebClientSecret));
                return (true, false);
            case 5:
                message.Headers.Authorization = Basic(TestSeed.WebClientId, values.Chance(0.5) ? values.Hostile() : TestSeed.WebClientSecret + "x");
                return (false, true);
            case 6:
                message.Headers.Authorization = Basic(values.Hostile(), values.Hostile());
                return (false, true);
            case 7:
                message.Headers.TryAddWithoutValidation("Authorization", HeaderSafe(values.Pick(["Basic", "Basic !!!", "Basic " + B64("no-colon"), "Basic " + B64(":"), "Basic =", "Bearer x", "Basic " + values.Huge(), "Digest a=b", "Basic " + B64(TestSeed.WebClientId + ":" + TestSeed.WebClientSecret) + " extra"])));
                return (false, true);
            case 8:
                message.Headers.Authorization = Basic(TestSeed.WebClientId, TestSeed.WebClientSecret);
                parameters.Add(new("client_id", TestSeed.WebClientId));
                parameters.Add(new("client_secret", TestSeed.WebClientSecret));
                return (false, true);
            case 9:
                parameters.Add(new("client_id", values.Chance(0.5) ? TestSeed.WebClientId : values.Hostile()));
                return (false, false);
            default:
                parameters.Add(new("client_id", TestSeed.WebClientId));
                parameters.Add(new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
                parameters.Add(new("client_assertion", values.Token()));
                return (false, false);
        }
    }

    /// <summary>HttpClient sends only visible ASCII in headers; anything else becomes '?'.</summary>
    public static string HeaderSafe(string value) => new([.. value.Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", B64(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret)));

    public static string Describe(HttpRequestMessage message, string? body)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{message.Method} {Shorten(message.RequestUri?.OriginalString ?? "", 4000)}");
        foreach (var header in message.Headers)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n  {header.Key}: {Shorten(string.Join(", ", header.Value))}");
        }

        if (message.Content is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {message.Content.Headers.ContentType}\n  body: {Shorten(body ?? "")}");
        }

        return builder.ToString();
    }

    public static string Shorten(string value, int length = 400) => value.Length <= length ? value : value[..length] + $"…({value.Length} chars)";

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Escape(string value)
    {
        // Uri.EscapeDataString throws on lone surrogates; the generator only makes valid strings, but stay total.
        try
        {
            return Uri.EscapeDataString(value);
        }
        catch (UriFormatException)
        {
            return "x";
        }
    }
}
