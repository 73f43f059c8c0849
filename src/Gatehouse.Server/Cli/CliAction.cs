using System.CommandLine;

namespace Gatehouse.Server.Cli;

/// <summary>
/// Runs a verb and turns every failure into a message and an exit code: System.CommandLine's default handler would
/// print stack traces, which tell a user nothing (issue 7: errors shown plainly).
/// </summary>
internal static class CliAction
{
    public static void Set(Command command, CliEnvironment environment, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(new CliContext(environment, parseResult), cancellationToken);
            }
            catch (CliException failure)
            {
                await environment.Error.WriteLineAsync($"Error: {failure.Message}");
                foreach (var cause in failure.Causes)
                {
                    await environment.Error.WriteLineAsync($"  - {cause}");
                }

                return failure.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await environment.Error.WriteLineAsync("Cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
            {
                await environment.Error.WriteLineAsync($"Error: {failure.Message}");
                return ExitCodes.Unexpected;
            }
        });
}
