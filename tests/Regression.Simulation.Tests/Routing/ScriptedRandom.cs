namespace Regression.Simulation.Tests.Routing;

/// <summary>
/// A <see cref="Random"/> that returns scripted values and fails when asked for one it was not
/// given, so a test also proves whether the policy consulted randomness at all.
/// </summary>
internal sealed class ScriptedRandom : Random
{
    private readonly Queue<double> _doubles;
    private readonly Queue<int> _indices;

    public ScriptedRandom(IEnumerable<double>? doubles = null, IEnumerable<int>? indices = null)
    {
        _doubles = new Queue<double>(doubles ?? []);
        _indices = new Queue<int>(indices ?? []);
    }

    public int DoublesDrawn { get; private set; }

    public int IndicesDrawn { get; private set; }

    public override double NextDouble()
    {
        DoublesDrawn++;
        return _doubles.TryDequeue(out var value) ? value : throw new InvalidOperationException("NextDouble was not scripted.");
    }

    public override int Next(int maxValue)
    {
        IndicesDrawn++;
        var value = _indices.TryDequeue(out var scripted) ? scripted : throw new InvalidOperationException($"Next({maxValue}) was not scripted.");
        return value < maxValue ? value : throw new InvalidOperationException($"Scripted index {value} is not below {maxValue}.");
    }
}
