package cn.township.workflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TownshipWorkflowApplication {

  public static void main(String[] args) {
    SpringApplication.run(TownshipWorkflowApplication.class, args);
  }
}
