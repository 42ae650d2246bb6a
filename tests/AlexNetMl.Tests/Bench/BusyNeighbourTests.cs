using System.Diagnostics;
using AlexNetMl.Bench.Subjects;

namespace AlexNetMl.Tests.Bench;

[TestClass]
public sealed class BusyNeighbourTests
{
    [TestMethod]
    public void Neighbour_BurnsACoreFromItsStartAndIsGoneAfterItsDuration()
    {
        using var neighbour = new BusyNeighbour(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
        Assert.IsFalse(neighbour.Running, "not before its start");
        var watch = Stopwatch.StartNew();
        while (!neighbour.Running && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(50);
        }

        Assert.IsTrue(neighbour.Running, "busy after its start");
        while (neighbour.Stopped is null && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }

        Assert.IsFalse(neighbour.Running, "stopped after its duration");
        double busy = (neighbour.Stopped!.Value - neighbour.Started!.Value).TotalSeconds;
        Assert.IsTrue(busy is > 1.5 and < 4, $"busy for {busy:F2} s of the 2 s asked");
    }
}
