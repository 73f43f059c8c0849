using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>The demo org of samples/demo-seed.json, which the tests use as it is apart from the app's URLs.</summary>
public static class Demo
{
    public const string Alice = "alice@example.com";
    public const string AlicePassword = "Wonderland-2026";
    public const string AliceName = "Alice Anders";
    public const string ClientId = "0oaquickstartwebapp01";

    /// <summary>The demo seed's API token (alice's, SUPER_ADMIN) for /api/v1.</summary>
    public static string ApiToken => Load()["apiTokens"]![0]!["token"]!.GetValue<string>();

    public static string ClientSecret => WebApp()["clientSecret"]!.GetValue<string>();

    /// <summary>The demo seed with the web app's redirect URIs pointing at the given sample-app origins.</summary>
    public static string SeedFor(IEnumerable<string> sampleOrigins)
    {
        var seed = Load();
        var app = WebApp(seed);
        var origins = sampleOrigins.ToList();
        app["redirectUris"] = new JsonArray([.. origins.Select(origin => JsonValue.Create(origin + "/authorization-code/callback"))]);
        app["postLogoutRedirectUris"] = new JsonArray([.. origins.Select(origin => JsonValue.Create(origin + "/signout/callback"))]);
        return seed.ToJsonString();
    }

    private static JsonObject WebApp(JsonNode? seed = null) =>
        (seed ?? Load())["apps"]!.AsArray().Single(app => app!["clientId"]!.GetValue<string>() == ClientId)!.AsObject();

    private static JsonNode Load() => JsonNode.Parse(
        File.ReadAllText(Repository.DemoSeedPath),
        documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
}
