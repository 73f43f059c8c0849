namespace Gatehouse.Server.Protocol.Issuers;

/// <summary>
/// One authorization server as seen on the wire. The org server has no id, issuer <c>https://{origin}</c> and
/// endpoints under <c>/oauth2/v1</c>; a custom server has issuer <c>https://{origin}/oauth2/{id}</c> and endpoints
/// under <c>/oauth2/{id}/v1</c> (okta-reference.md §2).
/// </summary>
internal sealed record Issuer(
    string? AuthorizationServerId,
    Uri IssuerUri,
    string Origin,
    string EndpointBasePath,
    string Audience,
    IReadOnlySet<string> CustomScopes)
{
    /// <summary>The key-ring and storage id: "" for the org server.</summary>
    public string KeyId => AuthorizationServerId ?? string.Empty;

    public bool IsOrgServer => AuthorizationServerId is null;

    /// <summary>The issuer exactly as it appears in tokens and discovery, without a trailing slash.</summary>
    public string Name => IssuerUri.OriginalString;

    public Uri EndpointUri(string endpoint) => new(Origin + EndpointBasePath + "/" + endpoint, UriKind.Absolute);
}
