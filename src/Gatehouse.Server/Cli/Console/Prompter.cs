using System.Text;

namespace Gatehouse.Server.Cli.Console;

/// <summary>
/// Questions on standard output, answers from standard input (a test or a script can answer them through a pipe).
/// With --batch nothing is asked: the default is taken, or the flag that would have given the answer is named.
/// </summary>
internal sealed class Prompter(CliEnvironment environment, bool batch)
{
    public string Ask(string label, string? defaultValue, string flag)
    {
        if (batch)
        {
            return defaultValue ?? throw new CliException(ExitCodes.Usage, $"{label} is required: give {flag} (--batch asks nothing).");
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            environment.Out.Write(defaultValue is null ? $"{label}: " : $"{label} [{defaultValue}]: ");
            environment.Out.Flush();
            var answer = environment.In.ReadLine();
            if (answer is null)
            {
                // End of input: a script that answered fewer questions than were asked.
                return defaultValue ?? throw new CliException(ExitCodes.Usage, $"No answer for \"{label}\" (end of input); give {flag}.");
            }

            if (answer.Trim().Length > 0)
            {
                return answer.Trim();
            }

            if (defaultValue is not null)
            {
                return defaultValue;
            }
        }

        throw new CliException(ExitCodes.Usage, $"No answer for \"{label}\"; give {flag}.");
    }

    /// <summary>A secret: not echoed at a terminal, never given a default.</summary>
    public string AskSecret(string label, string flagOrVariable)
    {
        if (batch)
        {
            throw new CliException(ExitCodes.Usage, $"{label} is required: give {flagOrVariable} (--batch asks nothing).");
        }

        environment.Out.Write($"{label}: ");
        environment.Out.Flush();
        var answer = environment.IsTerminal ? ReadHidden() : environment.In.ReadLine();
        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new CliException(ExitCodes.Usage, $"No answer for \"{label}\"; give {flagOrVariable}.");
        }

        return answer.Trim();
    }

    /// <summary>Yes/no, "no" unless answered otherwise; --batch and --yes answer yes.</summary>
    public bool Confirm(string question)
    {
        if (batch)
        {
            return true;
        }

        environment.Out.Write($"{question} [y/N]: ");
        environment.Out.Flush();
        var answer = environment.In.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    private static string ReadHidden()
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                System.Console.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
