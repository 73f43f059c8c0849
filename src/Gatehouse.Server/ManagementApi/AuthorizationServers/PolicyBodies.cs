namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>The request bodies of policies and rules, as Okta's SDKs and Terraform provider send them.</summary>
internal sealed record PolicyBody(
    string? Type, string? Name, string? Description, int? Priority, string? Status, PolicyConditionsBody? Conditions);

internal sealed record PolicyConditionsBody(IncludeBody? Clients);

internal sealed record IncludeBody(List<string>? Include);

internal sealed record RuleBody(string? Type, string? Name, int? Priority, string? Status, RuleConditionsBody? Conditions, RuleActionsBody? Actions);

internal sealed record RuleConditionsBody(IncludeBody? GrantTypes, IncludeBody? Scopes, PeopleBody? People);

internal sealed record PeopleBody(IncludeBody? Groups, IncludeBody? Users);

internal sealed record RuleActionsBody(TokenActionsBody? Token);

internal sealed record TokenActionsBody(int? AccessTokenLifetimeMinutes, int? RefreshTokenLifetimeMinutes, int? RefreshTokenWindowMinutes);
