package cn.township.workflow.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The office's address opens Tasklist, where clerks work. */
@Controller
public class RootRedirect {

  @GetMapping("/")
  public String tasklist() {
    return "redirect:/camunda/app/tasklist/";
  }
}
