using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Tests.Pipeline.DataView;

[TestClass]
public sealed class FashionMnistDataViewTests
{
    [TestMethod]
    public void Schema_HasAKeyLabelAnnotatedWithClassNamesAndByteVectorPixels()
    {
        IDataView view = new MLContext().Data.LoadFashionMnist(SharedData.Test.Take(5));

        DataViewSchema.Column label = view.Schema[FashionMnistColumns.Label];
        Assert.AreEqual(10UL, ((KeyDataViewType)label.Type).Count);
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        CollectionAssert.AreEqual(FashionMnistClasses.Names.ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());

        var pixels = (VectorDataViewType)view.Schema[FashionMnistColumns.Pixels].Type;
        Assert.AreEqual(NumberDataViewType.Byte, pixels.ItemType);
        Assert.AreEqual(784, pixels.Size);
        Assert.AreEqual(5L, view.GetRowCount());
    }

    [TestMethod]
    public void Cursor_ReturnsTheDatasetsRowsWithOneBasedKeys()
    {
        FashionMnistDataset data = SharedData.Test.Take(3);
        IDataView view = new MLContext().Data.LoadFashionMnist(data);
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
        ValueGetter<uint> label = cursor.GetGetter<uint>(view.Schema[FashionMnistColumns.Label]);
        ValueGetter<VBuffer<byte>> pixels = cursor.GetGetter<VBuffer<byte>>(view.Schema[FashionMnistColumns.Pixels]);
        int row = 0;
        while (cursor.MoveNext())
        {
            uint key = 0;
            VBuffer<byte> values = default;
            label(ref key);
            pixels(ref values);
            Assert.AreEqual((uint)data.Label(row) + 1, key);
            CollectionAssert.AreEqual(data.Image(row).ToArray(), values.DenseValues().ToArray());
            row++;
        }

        Assert.AreEqual(3, row);
    }

    [TestMethod]
    public void LoadFashionMnist_ReadsAndLimitsASplitFromADirectory()
    {
        IDataView view = new MLContext().Data.LoadFashionMnist(TestPaths.DataDirectory, FashionMnistSplit.Test, limit: 42);
        Assert.AreEqual(42L, view.GetRowCount());
    }
}
