using System.Text;

namespace Gatehouse.Server.Tests.Cli;

/// <summary>
/// Standard output of a verb that is still running, which the test reads while the verb writes: waiting for a line
/// is signalled by the write itself, so the test never sleeps and ends as soon as the text appears.
/// </summary>
internal sealed class LiveOutput : StringWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Every way a TextWriter writes ends in Append, so that ToString and WaitForAsync see all of it.
    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value);

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Append(new string(buffer));

    public override void WriteLine(string? value) => Append(value + NewLine);

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    private void Append(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
            _written.TrySetResult();
            _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task written;
            lock (_gate)
            {
                if (_text.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                written = _written.Task;
            }

            try
            {
                await written.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"\"{text}\" was not printed within {timeout}. Output so far:\n{this}");
            }
        }
    }
}
