import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

/**
 * Build-time driver (run by the Java source launcher from chain-bindings/pom.xml): generates one
 * web3j wrapper per compiled contract artifact ({@code Name.abi} + {@code Name.bin}). Wrappers are
 * build output, never committed or edited by hand.
 */
public final class GenerateWrappers {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: GenerateWrappers <artifactsDir> <outputDir> <package>");
      System.exit(2);
    }
    Path artifacts = Path.of(args[0]);
    File out = new File(args[1]);
    String pkg = args[2];
    List<Path> abis = listAbis(artifacts);
    if (abis.isEmpty()) {
      System.err.println(
          "[web3j] no *.abi artifacts in " + artifacts + "; did the contracts module build?");
      System.exit(1);
    }
    for (Path abi : abis) {
      String name = abi.getFileName().toString().replaceFirst("\\.abi$", "");
      File bin = artifacts.resolve(name + ".bin").toFile();
      new SolidityFunctionWrapperGenerator(bin, abi.toFile(), out, name, pkg, true, false, 20)
          .generate();
    }
    System.out.println(
        "[web3j] generated " + abis.size() + " wrappers into " + out + " (" + pkg + ")");
  }

  private static List<Path> listAbis(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".abi")).sorted().toList();
    }
  }
}
