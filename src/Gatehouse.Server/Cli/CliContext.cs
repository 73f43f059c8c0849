using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

using Gatehouse.Server.Cli.Config;
using Gatehouse.Server.Cli.Console;
using Gatehouse.Server.Cli.Http;

namespace Gatehouse.Server.Cli;

/// <summary>One invocation of a client verb: the environment, the shared options, prompts and the server connection.</summary>
internal sealed class CliContext(CliEnvironment environment, ParseResult parseResult)
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public CliEnvironment Env { get; } = environment;

    public ParseResult Parse { get; } = parseResult;

    public bool Batch { get; } = parseResult.GetValue(CliOptions.Batch) || parseResult.GetValue(CliOptions.Yes);

    public bool Json { get; } = parseResult.GetValue(CliOptions.Json);

    public Prompter Prompt => new(Env, Batch);

    /// <summary>The CA file: the flag, else GATEHOUSE_CA_FILE, else the one <c>login</c>/<c>register</c> saved.</summary>
    public string? CaFile(string? fromConfig = null) =>
        Parse.GetValue(CliOptions.CaFile) is { Length: > 0 } flag ? FullPath(flag)
        : Env.Variables("GATEHOUSE_CA_FILE") is { Length: > 0 } variable ? FullPath(variable)
        : fromConfig;

    /// <summary>A path given by the user, relative to the working directory.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, Env.WorkingDirectory);

    /// <summary>A client for the org in okta.yaml (or OKTA_CLIENT_ORGURL/OKTA_CLIENT_TOKEN, as Okta's SDKs read them).</summary>
    public ManagementClient Connect()
    {
        var saved = OktaConfigFile.Read(Env.HomeDirectory);
        var orgUrl = Env.Variables("OKTA_CLIENT_ORGURL") is { Length: > 0 } url ? url : saved?.OrgUrl;
        var token = Env.Variables("OKTA_CLIENT_TOKEN") is { Length: > 0 } value ? value : saved?.Token;
        if (orgUrl is null || token is null)
        {
            throw new CliException(ExitCodes.NotLoggedIn,
                $"Not logged in: no org URL and API token in {OktaConfigFile.PathFor(Env.HomeDirectory)}. " +
                "Run `gatehouse login` (or `gatehouse register` on a new server).");
        }

        return ManagementClient.Create(orgUrl, token, CaFile(saved?.CaFile));
    }

    public Spinner Spin(string message) => new(Env, message, enabled: Env.ShowsProgress && !Json);

    public void WriteJson(JsonNode? node) => Env.Out.WriteLine(node?.ToJsonString(s_indented) ?? "null");

    public void Line(string text = "") => Env.Out.WriteLine(text);
}
